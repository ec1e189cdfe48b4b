"""GB 6441 accident categories move down from accidents to core (risks and hazards name them).

The table is renamed, not copied: rows, ids and every foreign key stay as they are. The
loaded dataset keeps its record under its new name, so ``load-reference`` does not reload it.
"""

from django.db import migrations, models


def rename_dataset(apps, schema_editor):
    dataset = apps.get_model("core", "ReferenceDataset")
    dataset.objects.filter(name="accidents.categories").update(name="core.accident_categories")


def restore_dataset(apps, schema_editor):
    dataset = apps.get_model("core", "ReferenceDataset")
    dataset.objects.filter(name="core.accident_categories").update(name="accidents.categories")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_calendar"),
        # Every migration that made a foreign key to the table runs before it is renamed.
        ("accidents", "0001_initial"),
        ("hazards", "0002_public_reports"),
        ("risks", "0002_risk_register"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AccidentCategory",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.CharField(max_length=2, unique=True, verbose_name="代码")),
                        ("name", models.CharField(max_length=20, unique=True, verbose_name="事故类别")),
                        (
                            "is_fire",
                            models.BooleanField(default=False, verbose_name="火灾事故(7日补报期)"),
                        ),
                    ],
                    options={
                        "verbose_name": "事故类别",
                        "verbose_name_plural": "事故类别",
                        "ordering": ["code"],
                        "db_table": "accidents_accidentcategory",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="accidentcategory", table=None),
        migrations.RunPython(rename_dataset, restore_dataset),
    ]
