"""Rectification measures link the hazard or obligation they became (was a text reference)."""

import django.db.models.deletion
from django.db import migrations, models


def link_hazards(apps, schema_editor):
    measure = apps.get_model("accidents", "RectificationMeasure")
    for row in measure.objects.filter(followup_ref__startswith="hazard:"):
        row.hazard_id = int(row.followup_ref.split(":", 1)[1])
        row.save(update_fields=["hazard"])


def unlink_hazards(apps, schema_editor):
    measure = apps.get_model("accidents", "RectificationMeasure")
    for row in measure.objects.filter(hazard__isnull=False):
        row.followup_ref = f"hazard:{row.hazard_id}"
        row.save(update_fields=["followup_ref"])


class Migration(migrations.Migration):

    dependencies = [
        ('accidents', '0002_categories_to_core'),
        ('core', '0005_accident_categories'),
        ('duties', '0002_standalone_obligations'),
        ('hazards', '0003_accident_type_from_core'),
    ]

    operations = [
        migrations.AddField(
            model_name='rectificationmeasure',
            name='department',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.department', verbose_name='责任部门'),
        ),
        migrations.AddField(
            model_name='rectificationmeasure',
            name='hazard',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hazards.hazard', verbose_name='转为的隐患'),
        ),
        migrations.AddField(
            model_name='rectificationmeasure',
            name='obligation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='duties.obligation', verbose_name='转为的责任事项'),
        ),
        migrations.RunPython(link_hazards, unlink_hazards),
        migrations.RemoveField(
            model_name='rectificationmeasure',
            name='followup_ref',
        ),
    ]
