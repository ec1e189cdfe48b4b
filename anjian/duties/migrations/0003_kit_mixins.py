# The platform kit's model mixins: who registered a notice, a progress report and an
# indicator value is ``reported_by`` (ReportedByModel, renamed, no data change); notices get
# ``updated_at`` and ``is_demo``; an occurrence's ``version`` is not editable; a notice
# item's parsed lists may be empty (so the item passes model validation).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('duties', '0002_standalone_obligations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='notice',
            old_name='uploaded_by',
            new_name='reported_by',
        ),
        migrations.RenameField(
            model_name='progressreport',
            old_name='by',
            new_name='reported_by',
        ),
        migrations.RenameField(
            model_name='indicatorvalue',
            old_name='by',
            new_name='reported_by',
        ),
        migrations.AlterField(
            model_name='notice',
            name='reported_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人'),
        ),
        migrations.AlterField(
            model_name='progressreport',
            name='reported_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='reported_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人'),
        ),
        migrations.AddField(
            model_name='notice',
            name='is_demo',
            field=models.BooleanField(default=False, verbose_name='演示数据'),
        ),
        migrations.AddField(
            model_name='notice',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='更新时间'),
        ),
        migrations.AlterField(
            model_name='notice',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='登记时间'),
        ),
        migrations.AlterField(
            model_name='occurrence',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='版本'),
        ),
        migrations.AlterField(
            model_name='noticeitem',
            name='units',
            field=models.JSONField(blank=True, default=list, verbose_name='责任单位(原文)'),
        ),
        migrations.AlterField(
            model_name='noticeitem',
            name='deadlines',
            field=models.JSONField(blank=True, default=list, verbose_name='完成时限'),
        ),
        migrations.AlterField(
            model_name='noticeitem',
            name='recurrences',
            field=models.JSONField(blank=True, default=list, verbose_name='周期要求'),
        ),
        migrations.AlterField(
            model_name='noticeitem',
            name='targets',
            field=models.JSONField(blank=True, default=list, verbose_name='量化目标'),
        ),
    ]
