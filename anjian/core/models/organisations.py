"""Government units (部门) and the other names they are known by."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import AuditedModel, DemoMarkedModel, ScopedRecord
from anjian.core.models.fields import ref
from anjian.core.scope import ScopeSpec


class DepartmentKind(models.TextChoices):
    """The kind of government unit, as the notices distinguish them."""

    PARTY = "party", _("党委")
    GOVERNMENT = "government", _("政府")
    SAFETY_COMMITTEE = "safety_committee", _("安委会")
    SAFETY_OFFICE = "safety_office", _("安委办")
    EMERGENCY = "emergency", _("应急管理")
    INDUSTRY_REGULATOR = "industry_regulator", _("行业主管")
    MASS_ORGANISATION = "mass_organisation", _("群团")
    OTHER = "other", _("其他")


class Department(ScopedRecord, DemoMarkedModel):
    """A government unit in a region, with the sectors it supervises (三管三必须)."""

    region = ref("core.Region", _("行政区划"), related_name="departments")
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类别"), max_length=30, choices=DepartmentKind.choices)
    sectors = models.ManyToManyField(
        "core.Sector", blank=True, related_name="departments", verbose_name=_("监管行业")
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="department_unique_name_in_region"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:department_detail", args=[self.pk])


class DepartmentAlias(AuditedModel):
    """Another name a department goes by (应急局 for 应急管理局), learned once and remembered."""

    department = ref(Department, _("部门"), on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("别名"), max_length=100)

    class Meta:
        verbose_name = _("部门别名")
        verbose_name_plural = _("部门别名")
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="department_alias_unique")
        ]

    def __str__(self) -> str:
        return self.name
