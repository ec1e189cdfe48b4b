"""GB 6441 categories now live in core: the accident's category points there; the model goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accidents", "0001_initial"),
        ("core", "0005_accident_categories"),
        ("hazards", "0003_accident_type_from_core"),
        ("risks", "0003_accident_types_from_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accident",
                    name="category",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accidents",
                        to="core.accidentcategory",
                        verbose_name="事故类别(GB 6441)",
                    ),
                ),
                migrations.DeleteModel(name="AccidentCategory"),
            ],
            database_operations=[],
        ),
    ]
