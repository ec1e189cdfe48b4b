"""Production and business units (生产经营单位) under supervision: the "一张网" registry."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import (
    DemoMarkedModel,
    ScopedRecord,
    TimestampedModel,
    VersionedModel,
)
from anjian.core.models.fields import ref
from anjian.core.scope import ScopeSpec
from anjian.core.validators import validate_credit_code, validate_industry_code, validate_phone


class EnterpriseScale(models.TextChoices):
    """Enterprise size class (GB/T 大中小微型企业划分)."""

    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class StandardisationLevel(models.TextChoices):
    """安全生产标准化 grade (应急〔2021〕83号)."""

    LEVEL_1 = "1", _("一级")
    LEVEL_2 = "2", _("二级")
    LEVEL_3 = "3", _("三级")
    NONE = "none", _("未定级")


class SupervisionClass(models.TextChoices):
    """Graded-supervision class (分类分级监管), A the safest."""

    A = "A", _("A类")
    B = "B", _("B类")
    C = "C", _("C类")
    D = "D", _("D类")


class Enterprise(ScopedRecord, VersionedModel, TimestampedModel, DemoMarkedModel):
    """A supervised enterprise: where it is, who supervises it and who answers for it."""

    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("单位名称"), max_length=200)
    sector = ref("core.Sector", _("行业领域"), related_name="enterprises")
    industry_code = models.CharField(
        _("国民经济行业代码"), max_length=5, blank=True, validators=[validate_industry_code]
    )
    scale = models.CharField(_("企业规模"), max_length=10, choices=EnterpriseScale.choices)
    employee_count = models.PositiveIntegerField(_("从业人数"), default=0)
    region = ref("core.Region", _("属地(乡镇)"), related_name="enterprises")
    address = models.CharField(_("地址"), max_length=300)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    supervising_department = ref(
        "core.Department", _("行业监管部门"), related_name="supervised_enterprises"
    )
    responsible_inspector = ref(
        settings.AUTH_USER_MODEL, _("监管责任人"), related_name="inspected_enterprises"
    )
    principal_name = models.CharField(_("主要负责人"), max_length=50)
    principal_phone = models.CharField(
        _("主要负责人电话"), max_length=30, validators=[validate_phone]
    )
    safety_manager_name = models.CharField(_("安全管理人员"), max_length=50, blank=True)
    safety_manager_phone = models.CharField(
        _("安全管理人员电话"), max_length=30, blank=True, validators=[validate_phone]
    )
    licence_number = models.CharField(_("安全生产许可证号"), max_length=60, blank=True)
    licence_expiry = models.DateField(_("许可证有效期至"), null=True, blank=True)
    standardisation_level = models.CharField(
        _("标准化等级"),
        max_length=10,
        choices=StandardisationLevel.choices,
        default=StandardisationLevel.NONE,
    )
    standardisation_expiry = models.DateField(_("标准化有效期至"), null=True, blank=True)
    supervision_class = models.CharField(
        _("分类分级监管类别"), max_length=1, choices=SupervisionClass.choices, blank=True
    )
    has_liability_insurance = models.BooleanField(_("已投保安全生产责任保险"), default=False)
    liability_insurance_expiry = models.DateField(_("责任保险有效期至"), null=True, blank=True)

    scope = ScopeSpec(
        region="region", department="supervising_department", enterprise="pk", sector="sector"
    )
    audit_exclude = frozenset({"created_at", "updated_at"})
    # What an enterprise's own safety manager may change about itself.
    self_editable_fields = frozenset(
        {
            "address",
            "longitude",
            "latitude",
            "employee_count",
            "principal_name",
            "principal_phone",
            "safety_manager_name",
            "safety_manager_phone",
            "licence_number",
            "licence_expiry",
            "has_liability_insurance",
            "liability_insurance_expiry",
        }
    )

    class Meta:
        verbose_name = _("生产经营单位")
        verbose_name_plural = _("生产经营单位")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["sector", "region"], name="enterprise_sector_region"),
            models.Index(fields=["name"], name="enterprise_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:enterprise_detail", args=[self.pk])

    def clean(self) -> None:
        """一张网: the department governs the enterprise's area; the inspector is its staff."""
        errors = {}
        region = self.region if self.region_id else None
        department = self.supervising_department if self.supervising_department_id else None
        if (
            region is not None
            and department is not None
            and not region.path.startswith(department.region.path)
        ):
            errors["supervising_department"] = (
                f"“{department}”属于{department.region.full_name or department.region}，"
                f"不能监管{region.full_name or region}的单位。"
            )
        if (
            department is not None
            and self.responsible_inspector_id
            and self.responsible_inspector.department_id != department.pk
        ):
            errors["responsible_inspector"] = (
                f"监管责任人“{self.responsible_inspector}”不是“{department}”的工作人员。"
            )
        if self.licence_expiry and not self.licence_number:
            errors["licence_number"] = "填写了许可证有效期，但未填写许可证号。"
        if errors:
            raise ValidationError(errors)
