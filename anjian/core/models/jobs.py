"""When each scheduled job last ran, so a restart neither skips nor repeats one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The last run of one registered scheduled job (see ``anjian.core.jobs``)."""

    name = models.CharField(_("任务"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("最近开始"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("最近结束"), null=True, blank=True)
    last_result = models.TextField(_("最近结果"), blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")

    def __str__(self) -> str:
        return self.name
