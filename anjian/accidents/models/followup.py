"""What follows an accident: supervision tasks, same-industry warnings, sanctions, 曝光台."""

from __future__ import annotations

from functools import cached_property

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.accidents.models.accidents import Accident
from anjian.accidents.models.reference import ReopeningItem
from anjian.core.models import Enterprise
from anjian.core.models.base import ScopedRecord, VersionedModel
from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedQuerySet, ScopeSpec
from anjian.core.statistics import rate

# A row of an enterprise: the enterprise's own anchors.
OF_ENTERPRISE = Enterprise.scope.under("enterprise")


class TaskStatus(models.TextChoices):
    """Where a supervision task stands."""

    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已完成")


class SupervisionTaskQuerySet(ScopedQuerySet):
    """Supervision tasks, with the rule that says which are still open."""

    def open(self) -> SupervisionTaskQuerySet:
        return self.filter(status=TaskStatus.OPEN)


class SupervisionTask(ScopedRecord):
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

    objects = SupervisionTaskQuerySet.as_manager()

    scope = ScopeSpec(region="region")

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

    @property
    def accident_count(self) -> int:
        """How many accidents the task covers (from prefetched accidents when loaded)."""
        return len(self.accidents.all())


class IndustryWarningQuerySet(ScopedQuerySet):
    """Warnings, with how their recipients answered."""

    def with_rates(self) -> IndustryWarningQuerySet:
        """Annotated: how many enterprises got, acknowledged and self-inspected each warning."""
        return self.annotate(
            recipients=Count("acknowledgements", distinct=True),
            acknowledged=Count(
                "acknowledgements",
                filter=Q(acknowledgements__acknowledged_at__isnull=False),
                distinct=True,
            ),
            inspected=Count(
                "acknowledgements",
                filter=Q(acknowledgements__self_inspected_at__isnull=False),
                distinct=True,
            ),
        )


class IndustryWarning(ScopedRecord):
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

    objects = IndustryWarningQuerySet.as_manager()

    scope = ScopeSpec(region="region", department="department", sector="sector")

    class Meta:
        verbose_name = _("同行业警示")
        verbose_name_plural = _("同行业警示")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accidents:warning_detail", args=[self.pk])

    @property
    def acknowledgement_rate(self) -> float | None:
        """Acknowledged in % of recipients (rows loaded ``with_rates``)."""
        return rate(self.acknowledged, self.recipients)

    @property
    def inspection_rate(self) -> float | None:
        """Self-inspected in % of recipients (rows loaded ``with_rates``)."""
        return rate(self.inspected, self.recipients)


class WarningAcknowledgement(ScopedRecord):
    """One enterprise's receipt of a warning and the self-inspection it did in response."""

    warning = ref(IndustryWarning, _("同行业警示"), related_name="acknowledgements")
    enterprise = ref("core.Enterprise", _("生产经营单位"), related_name="warning_acknowledgements")
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = user_ref(_("确认人"))
    self_inspected_at = models.DateTimeField(_("自查时间"), null=True, blank=True)
    self_inspection = models.TextField(_("自查情况"), blank=True)
    hazards_found = models.PositiveIntegerField(_("发现隐患数"), default=0)

    scope = OF_ENTERPRISE

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

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def is_inspected(self) -> bool:
        return self.self_inspected_at is not None


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


class EnterpriseSanctionQuerySet(ScopedQuerySet):
    """Sanctions, with the rules that say which are in force and which close the enterprise."""

    def active(self) -> EnterpriseSanctionQuerySet:
        return self.filter(status=SanctionStatus.ACTIVE)

    def suspending(self) -> EnterpriseSanctionQuerySet:
        """In force and closing the enterprise until 复工复产 is approved."""
        return self.active().filter(kind__in=SUSPENDING_KINDS)


class EnterpriseSanction(ScopedRecord, VersionedModel):
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

    objects = EnterpriseSanctionQuerySet.as_manager()

    scope = OF_ENTERPRISE

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

    @cached_property
    def checklist_items(self) -> list[dict]:
        """The 复工复产 checklist with each item's name: code, name, done, note, at, by."""
        names = dict(ReopeningItem.objects.values_list("code", "name"))
        return [
            {"code": code, "name": names.get(code, code), **entry}
            for code, entry in self.checklist.items()
        ]

    @property
    def unchecked_items(self) -> list[str]:
        """Names of the checklist items not ticked yet."""
        return [item["name"] for item in self.checklist_items if not item["done"]]


class PublicationQuerySet(ScopedQuerySet):
    """曝光台 entries, with the rule that says which are on the public page."""

    def live(self) -> PublicationQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Publication(ScopedRecord):
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

    objects = PublicationQuerySet.as_manager()

    scope = Accident.scope.under("accident")

    class Meta:
        verbose_name = _("曝光台")
        verbose_name_plural = _("曝光台")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accidents:accident_detail", args=[self.accident_id])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
