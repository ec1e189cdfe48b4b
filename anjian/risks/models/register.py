"""The risk register (安全风险分级管控): risk points, their assessment and control measures."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedModel, ScopeSpec
from anjian.core.validators import validate_phone
from anjian.risks.models.reference import Colour, RiskLevel, RiskMethod
from anjian.risks.scoring import plain

# Most severe first: the order of every level list, count and chart.
LEVEL_ORDER = (RiskLevel.MAJOR, RiskLevel.LARGE, RiskLevel.GENERAL, RiskLevel.LOW)
LEVEL_RANK = {level.value: rank for rank, level in enumerate(LEVEL_ORDER, start=1)}


def via_enterprise(prefix: str = "enterprise") -> ScopeSpec:
    """The scope of a row that belongs to an enterprise: the enterprise's own anchors."""
    return ScopeSpec(
        region=f"{prefix}__region",
        department=f"{prefix}__supervising_department",
        enterprise=prefix,
        sector=f"{prefix}__sector",
    )


class RiskPoint(ScopedModel):
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
    is_active = models.BooleanField(_("在用"), default=True)
    deactivated_reason = models.CharField(_("停用原因"), max_length=200, blank=True)
    created_by = user_ref(_("登记人"))
    is_demo = models.BooleanField(_("演示数据"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = via_enterprise()
    audit_exclude = frozenset({"created_at", "updated_at"})
    lec_fields = ("lec_l", "lec_e", "lec_c")
    ls_fields = ("ls_l", "ls_s")

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
    def level_rank(self) -> int:
        """1 for 重大 … 4 for 低: sorts the most severe first."""
        return LEVEL_RANK.get(self.level, 5)

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


class ControlMeasure(ScopedModel):
    """A control measure of a risk point, at a control level, with who answers for it."""

    risk_point = ref(RiskPoint, _("风险点"), related_name="measures")
    kind = models.CharField(_("措施类别"), max_length=20, choices=ControlKind.choices)
    control_level = models.CharField(_("管控层级"), max_length=20, choices=ControlLevel.choices)
    text = models.TextField(_("管控措施"))
    responsible = models.CharField(_("责任人"), max_length=50)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = via_enterprise("risk_point__enterprise")
    audit_exclude = frozenset({"created_at"})

    class Meta:
        verbose_name = _("管控措施")
        verbose_name_plural = _("管控措施")
        ordering = ["risk_point", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:40]}"
