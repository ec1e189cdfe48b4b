"""What follows an accident: supervision tasks, same-industry warnings, sanctions, 曝光台."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.accidents.models.accidents import via_accident
from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedModel, ScopeSpec

ENTERPRISE_SCOPE = ScopeSpec(
    region="enterprise__region",
    department="enterprise__supervising_department",
    enterprise="enterprise",
    sector="enterprise__sector",
)


class TaskStatus(models.TextChoices):
    """Where a supervision task stands."""

    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已完成")


class SupervisionTask(ScopedModel):
    """A 专项巡查/督导 of a county or city, created when an escalation rule trips."""

    region = ref("core.Region", _("督导对象(区划)"))
    rule = ref("accidents.EscalationRule", _("触发规则"), related_name="tasks")
    kind = models.CharField(_("督导方式"), max_length=30)
    title = models.CharField(_("任务名称"), max_length=200)
    accidents = models.ManyToManyField(
        "accidents.Accident", related_name="supervision_tasks", verbose_name=_("关联事故")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    notified_region = ref("core.Region", _("已报告上级"), optional=True)
    created_at = models.DateTimeField(_("创建时间"))
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    conclusion = models.TextField(_("督导结论"), blank=True)
    closed_by = user_ref(_("办结人"))

    scope = ScopeSpec(region="region")
    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("专项督导任务")
        verbose_name_plural = _("专项督导任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "rule"],
                condition=Q(status="open"),
                name="supervision_task_one_open_per_region_rule",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accidents:task_detail", args=[self.pk])


class IndustryWarning(ScopedModel):
    """一厂出事故、万厂受教育: a warning to every enterprise of a sector in a region."""

    accident = ref("accidents.Accident", _("事故"), related_name="warnings")
    region = ref("core.Region", _("警示范围"))
    sector = ref("core.Sector", _("行业领域"))
    department = ref("core.Department", _("发布部门"), optional=True)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("事故教训和防范要求"))
    issued_at = models.DateTimeField(_("发布时间"))
    issued_by = user_ref(_("发布人"))
    ack_due = models.DateField(_("确认和自查期限"))

    scope = ScopeSpec(region="region", department="department", sector="sector")
    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("同行业警示")
        verbose_name_plural = _("同行业警示")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accidents:warning_detail", args=[self.pk])


class WarningAcknowledgement(ScopedModel):
    """One enterprise's receipt of a warning and the self-inspection it did in response."""

    warning = ref(IndustryWarning, _("同行业警示"), related_name="acknowledgements")
    enterprise = ref("core.Enterprise", _("生产经营单位"), related_name="warning_acknowledgements")
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = user_ref(_("确认人"))
    self_inspected_at = models.DateTimeField(_("自查时间"), null=True, blank=True)
    self_inspection = models.TextField(_("自查情况"), blank=True)
    hazards_found = models.PositiveIntegerField(_("发现隐患数"), default=0)

    scope = ENTERPRISE_SCOPE
    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("警示确认")
        verbose_name_plural = _("警示确认")
        ordering = ["-warning__issued_at", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["warning", "enterprise"], name="warning_acknowledgement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.warning} · {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("accidents:acknowledgement_detail", args=[self.pk])


class SanctionKind(models.TextChoices):
    """What an accident brings on the enterprise."""

    STANDARDISATION_REVOKED = "standardisation_revoked", _("撤销安全生产标准化等级")
    LICENCE_SUSPENDED = "licence_suspended", _("暂扣安全生产许可证(待复核)")
    PRODUCTION_SUSPENDED = "production_suspended", _("停产停业整顿")


# Kinds that keep the enterprise closed until the 复工复产 checklist is complete.
SUSPENDING_KINDS = frozenset({SanctionKind.LICENCE_SUSPENDED, SanctionKind.PRODUCTION_SUSPENDED})


class SanctionStatus(models.TextChoices):
    """Whether a sanction is in force."""

    ACTIVE = "active", _("执行中")
    LIFTED = "lifted", _("已解除")


class EnterpriseSanction(ScopedModel):
    """A consequence of an accident on the enterprise, with its 复工复产 checklist."""

    enterprise = ref("core.Enterprise", _("生产经营单位"), related_name="accident_sanctions")
    accident = ref("accidents.Accident", _("事故"), optional=True, related_name="sanctions")
    kind = models.CharField(_("措施"), max_length=30, choices=SanctionKind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=SanctionStatus.choices, default=SanctionStatus.ACTIVE
    )
    reason = models.TextField(_("依据和理由"))
    previous_level = models.CharField(_("原标准化等级"), max_length=10, blank=True)
    checklist = models.JSONField(_("复工复产核查"), default=dict, blank=True)
    imposed_at = models.DateTimeField(_("决定时间"))
    imposed_by = user_ref(_("决定人"))
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = user_ref(_("解除人"))
    lift_note = models.TextField(_("解除说明"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    scope = ENTERPRISE_SCOPE
    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("事故后处置措施")
        verbose_name_plural = _("事故后处置措施")
        ordering = ["-imposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("accidents:sanction_detail", args=[self.pk])

    @property
    def needs_reopening_check(self) -> bool:
        return self.kind in SUSPENDING_KINDS


class Publication(ScopedModel):
    """An accident published on the 曝光台: a redacted summary with no personal data."""

    accident = models.OneToOneField(
        "accidents.Accident",
        models.PROTECT,
        related_name="publication",
        verbose_name=_("事故"),
    )
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("事故概要(已脱敏)"))
    lessons = models.TextField(_("警示和教训"))
    name_enterprise = models.BooleanField(_("公开事故单位名称"), default=False)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = user_ref(_("发布人"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回原因"), blank=True)

    scope = via_accident()
    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("曝光台")
        verbose_name_plural = _("曝光台")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accidents:accident_detail", args=[self.accident_id])
