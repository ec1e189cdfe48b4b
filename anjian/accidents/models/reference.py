"""Accident reference data loaded from ``accidents/data``: grades, categories, limits, rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import AuditedModel
from anjian.core.models.fields import ref


class ReportDestination(models.TextChoices):
    """The highest level an accident report must reach (第十条)."""

    CITY = "city", _("设区的市级")
    PROVINCE = "province", _("省级")
    STATE_COUNCIL = "state_council", _("国务院安全生产监督管理部门")


class InvestigationLevel(models.TextChoices):
    """Who investigates (第十九条)."""

    COUNTY = "county", _("县级人民政府")
    CITY = "city", _("设区的市级人民政府")
    PROVINCE = "province", _("省级人民政府")
    STATE_COUNCIL = "state_council", _("国务院或其授权的部门")


class AccidentGrade(AuditedModel):
    """An accident grade with its inclusive lower bounds and what it requires (国务院令第493号)."""

    code = models.CharField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("事故等级"), max_length=20, unique=True)
    rank = models.PositiveSmallIntegerField(_("级别"), unique=True)
    min_deaths = models.PositiveIntegerField(_("死亡人数下限"), default=0)
    min_serious_injuries = models.PositiveIntegerField(_("重伤人数下限"), default=0)
    min_direct_loss = models.DecimalField(
        _("直接经济损失下限(元)"), max_digits=15, decimal_places=2, default=0
    )
    report_up_to = models.CharField(_("上报至"), max_length=20, choices=ReportDestination.choices)
    investigated_by = models.CharField(
        _("调查组织"), max_length=20, choices=InvestigationLevel.choices
    )
    reply_days = models.PositiveSmallIntegerField(_("批复期限(日)"))

    class Meta:
        verbose_name = _("事故等级")
        verbose_name_plural = _("事故等级")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class AccidentParameter(AuditedModel):
    """A time limit or switch of the accident rules (1 h, 2 h, 30 d, 7 d, 60 d…)."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    value = models.IntegerField(_("数值"))
    unit = models.CharField(_("单位"), max_length=10)

    class Meta:
        verbose_name = _("事故规则参数")
        verbose_name_plural = _("事故规则参数")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}{self.unit}"


class EscalationRule(AuditedModel):
    """ "N accidents of grade ≥ G within M months in one county or city" → a supervision task."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("规则"), max_length=100)
    min_grade = ref(AccidentGrade, _("最低事故等级"))
    min_count = models.PositiveSmallIntegerField(_("起数下限"))
    window_months = models.PositiveSmallIntegerField(_("时间窗口(月)"))
    region_levels = models.JSONField(_("计数区划层级"), default=list)
    task_kind = models.CharField(_("督导方式"), max_length=30)

    class Meta:
        verbose_name = _("升级督导规则")
        verbose_name_plural = _("升级督导规则")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ReopeningItem(AuditedModel):
    """An item of the 复工复产 checklist that must be ticked before a suspension is lifted."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("核查事项"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("复工复产核查事项")
        verbose_name_plural = _("复工复产核查事项")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name
