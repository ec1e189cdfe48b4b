"""Hazard rule parameters loaded from ``hazards/data/parameters.json``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import AuditedModel


class HazardParameter(AuditedModel):
    """A time limit of the hazard rules (双报告 working days, repeat window…)."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    value = models.IntegerField(_("数值"))
    unit = models.CharField(_("单位"), max_length=10)

    class Meta:
        verbose_name = _("隐患规则参数")
        verbose_name_plural = _("隐患规则参数")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}{self.unit}"
