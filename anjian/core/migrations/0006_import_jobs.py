"""Spreadsheet imports that run in the background, with their progress and result."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_accident_categories'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('spec', models.CharField(max_length=200, verbose_name='导入类型')),
                ('file', models.FileField(upload_to='imports/%Y/%m/', verbose_name='上传的文件')),
                ('filename', models.CharField(blank=True, max_length=255, verbose_name='文件名')),
                ('status', models.CharField(choices=[('pending', '待确认'), ('queued', '排队中'), ('running', '导入中'), ('done', '已完成'), ('failed', '未导入')], default='pending', max_length=10, verbose_name='状态')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='数据行数')),
                ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='已处理行数')),
                ('result', models.JSONField(blank=True, default=dict, verbose_name='结果')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='开始时间')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='导入人')),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='导入人所属区划')),
            ],
            options={
                'verbose_name': '导入任务',
                'verbose_name_plural': '导入任务',
                'ordering': ['-id'],
                'indexes': [models.Index(fields=['created_by', 'status'], name='importjob_by_status')],
            },
        ),
    ]
