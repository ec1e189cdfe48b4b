"""The risk register (安全风险分级管控): risk points, their assessment and control measures."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.models import Enterprise
from anjian.core.models.base import (
    DemoMarkedModel,
    ReportedByModel,
    ScopedRecord,
    TimestampedModel,
    VersionedModel,
)
from anjian.core.models.fields import ref
from anjian.core.scope import ScopedQuerySet
from anjian.core.validators import validate_phone
from anjian.risks.models.reference import Colour, RiskLevel, RiskMethod
from anjian.risks.scoring import plain

# Most severe first: the order of every level list, count and chart.
LEVEL_ORDER = (RiskLevel.MAJOR, RiskLevel.LARGE, RiskLevel.GENERAL, RiskLevel.LOW)
# 1 for 重大 … 4 for 低 (9 for none), in SQL: lists sort the most severe first.
SEVERITY = Case(
    *[When(level=level, then=Value(rank)) for rank, level in enumerate(LEVEL_ORDER, start=1)],
    default=Value(9),
    output_field=IntegerField(),
)


class ActiveQuerySet(ScopedQuerySet):
    """Rows of the register that are still in use (risk points) or in force (measures)."""

    def active(self) -> ActiveQuerySet:
        return self.filter(is_active=True)


class RiskPointQuerySet(ActiveQuerySet):
    """Risk points with the rules that say which are overdue for review and how severe."""

    def review_overdue(self, today: dt.date | None = None) -> RiskPointQuerySet:
        return self.filter(RiskPoint.review_overdue_q(today))

    def with_severity(self) -> RiskPointQuerySet:
        """``severity`` (1 重大 … 4 低) to order by."""
        return self.alias(severity=SEVERITY)


class RiskPoint(ScopedRecord, VersionedModel, TimestampedModel, DemoMarkedModel, ReportedByModel):
    """A risk point (风险点) of an enterprise, assessed by LEC or LS; its level is computed."""

    enterprise = ref("core.Enterprise", _("所属单位"), related_name="risk_points")
    name = models.CharField(_("风险点名称"), max_length=100)
    place = models.CharField(_("场所/部位"), max_length=200)
    activity = models.CharField(_("作业活动/设备设施"), max_length=200)
    hazard_factors = models.ManyToManyField(
        "risks.HazardFactorCategory",
        related_name="risk_points",
        verbose_name=_("危险和有害因素(GB/T 13861)"),
    )
    accident_types = models.ManyToManyField(
        "core.AccidentCategory",
        related_name="risk_points",
        verbose_name=_("可能导致的事故类型(GB 6441)"),
    )
    method = models.CharField(_("评价方法"), max_length=3, choices=RiskMethod.choices)
    lec_l = models.DecimalField(
        _("L(事故发生的可能性)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    lec_e = models.DecimalField(
        _("E(暴露于危险环境的频繁程度)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    lec_c = models.DecimalField(
        _("C(发生事故可能造成的后果)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    ls_l = models.PositiveSmallIntegerField(_("L(可能性)"), null=True, blank=True)
    ls_s = models.PositiveSmallIntegerField(_("S(严重性)"), null=True, blank=True)
    score = models.DecimalField(_("风险值"), max_digits=10, decimal_places=2)
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    colour = models.CharField(_("颜色"), max_length=10, choices=Colour.choices)
    assessed_on = models.DateField(_("评估日期"))
    next_review_on = models.DateField(_("下次评估日期"))
    responsible_name = models.CharField(_("管控责任人"), max_length=50)
    responsible_phone = models.CharField(
        _("责任人电话"), max_length=30, blank=True, validators=[validate_phone]
    )
    # The workflow's state (risks.workflows): 在用 → 已停用; nothing is deleted.
    is_active = models.BooleanField(
        _("在用"), default=True, choices=[(True, _("在用")), (False, _("已停用"))]
    )
    deactivated_reason = models.CharField(_("停用原因"), max_length=200, blank=True)

    objects = RiskPointQuerySet.as_manager()

    scope = Enterprise.scope.under("enterprise")
    audit_exclude = frozenset({"created_at", "updated_at"})

    class Meta:
        verbose_name = _("风险点")
        verbose_name_plural = _("风险点")
        ordering = ["enterprise", "-score", "id"]
        indexes = [
            models.Index(fields=["enterprise", "level"], name="riskpoint_enterprise_level"),
            models.Index(fields=["level", "is_active"], name="riskpoint_level_active"),
            models.Index(fields=["next_review_on"], name="riskpoint_next_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        method=RiskMethod.LEC,
                        lec_l__isnull=False,
                        lec_e__isnull=False,
                        lec_c__isnull=False,
                        ls_l__isnull=True,
                        ls_s__isnull=True,
                    )
                    | models.Q(
                        method=RiskMethod.LS,
                        ls_l__isnull=False,
                        ls_s__isnull=False,
                        lec_l__isnull=True,
                        lec_e__isnull=True,
                        lec_c__isnull=True,
                    )
                ),
                name="riskpoint_inputs_match_method",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.place}）"

    def get_absolute_url(self) -> str:
        return reverse("risks:riskpoint_detail", args=[self.pk])

    @property
    def region_id(self) -> int:
        """The region its audit events are filed under: its enterprise's (read by the audit)."""
        return self.enterprise.region_id

    # ---- the rules, once: in SQL for querysets, in Python for a loaded row ---------------

    @staticmethod
    def review_overdue_q(today: dt.date | None = None) -> Q:
        """In use and past its next review date (每年至少开展一次风险辨识评估)."""
        return Q(is_active=True, next_review_on__lt=today or timezone.localdate())

    def review_overdue_on(self, today: dt.date) -> bool:
        return self.is_active and self.next_review_on < today

    @property
    def review_overdue(self) -> bool:
        return self.review_overdue_on(timezone.localdate())

    @property
    def level_name(self) -> str:
        return str(RiskLevel(self.level).label) if self.level else ""

    def inputs(self) -> dict:
        """The method's inputs: ``{"L": …, "E": …, "C": …}`` or ``{"L": …, "S": …}``."""
        if self.method == RiskMethod.LEC:
            return {"L": self.lec_l, "E": self.lec_e, "C": self.lec_c}
        return {"L": self.ls_l, "S": self.ls_s}

    def inputs_text(self) -> str:
        """ "L=6 E=6 C=7" for tables and history."""
        return " ".join(f"{k}={plain(v)}" for k, v in self.inputs().items())


class ControlKind(models.TextChoices):
    """The kind of a control measure (管控措施类别)."""

    ENGINEERING = "engineering", _("工程技术措施")
    MANAGEMENT = "management", _("管理措施")
    TRAINING = "training", _("培训教育措施")
    PROTECTION = "protection", _("个体防护措施")
    EMERGENCY = "emergency", _("应急处置措施")


class ControlLevel(models.TextChoices):
    """Who controls the risk (分级管控层级)."""

    COMPANY = "company", _("公司级")
    DEPARTMENT = "department", _("部门(车间)级")
    TEAM = "team", _("班组级")
    POST = "post", _("岗位级")


class ControlMeasure(ScopedRecord, TimestampedModel):
    """A control measure of a risk point, at a control level, with who answers for it."""

    risk_point = ref(RiskPoint, _("风险点"), related_name="measures")
    kind = models.CharField(_("措施类别"), max_length=20, choices=ControlKind.choices)
    control_level = models.CharField(_("管控层级"), max_length=20, choices=ControlLevel.choices)
    text = models.TextField(_("管控措施"))
    responsible = models.CharField(_("责任人"), max_length=50)
    # The workflow's state (risks.workflows): 有效 → 已撤销; the row and its history stay.
    is_active = models.BooleanField(
        _("有效"), default=True, choices=[(True, _("有效")), (False, _("已撤销"))]
    )

    objects = ActiveQuerySet.as_manager()

    scope = RiskPoint.scope.under("risk_point")
    audit_exclude = frozenset({"created_at", "updated_at"})

    class Meta:
        verbose_name = _("管控措施")
        verbose_name_plural = _("管控措施")
        ordering = ["risk_point", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:40]}"

    @property
    def region_id(self) -> int:
        """The region its audit events are filed under: its risk point's."""
        return self.risk_point.region_id
