"""Spreadsheet imports kept as records: the uploaded file, who sent it and what became of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.models.fields import ref
from anjian.core.scope import ScopedModel, ScopeSpec


class ImportJobStatus(models.TextChoices):
    """Where an import stands: checked and waiting for confirmation, queued, running, finished."""

    PENDING = "pending", _("待确认")
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未导入")


class ImportJob(ScopedModel):
    """One uploaded spreadsheet and its import: progress, counts written or every error.

    Filed under the importer's home region, so the importer and whoever may see the importer's
    account (their supervisors) see it; see ``anjian.core.imports.jobs``.
    """

    spec = models.CharField(_("导入类型"), max_length=200)
    file = models.FileField(_("上传的文件"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    created_by = ref(settings.AUTH_USER_MODEL, _("导入人"))
    region = ref("core.Region", _("导入人所属区划"), optional=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    scope = ScopeSpec(
        region="region", department="created_by__department", enterprise="created_by__enterprise"
    )

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-id"]
        indexes = [models.Index(fields=["created_by", "status"], name="importjob_by_status")]

    def __str__(self) -> str:
        return f"{self.filename or self.file.name}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        """Rows processed as a whole percentage (100 once finished)."""
        if self.finished:
            return 100
        return min(99, self.processed_rows * 100 // self.total_rows) if self.total_rows else 0
