"""The accident type a hazard may lead to names core's GB 6441 category (same table, renamed)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_accident_categories"),
        ("hazards", "0002_public_reports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="hazard",
                    name="accident_type",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.accidentcategory",
                        verbose_name="可能导致的事故类型",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
