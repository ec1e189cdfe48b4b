"""A risk point's accident types name core's GB 6441 categories (same table, renamed)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_accident_categories"),
        ("risks", "0002_risk_register"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="riskpoint",
                    name="accident_types",
                    field=models.ManyToManyField(
                        related_name="risk_points",
                        to="core.accidentcategory",
                        verbose_name="可能导致的事故类型(GB 6441)",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
