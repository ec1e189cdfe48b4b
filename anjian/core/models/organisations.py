"""Government units (部门) and the other names they are known by."""

from django.db import models

from anjian.core.scope import ScopedModel, ScopeSpec


class DepartmentKind(models.TextChoices):
    """The kind of government unit, as the notices distinguish them."""

    PARTY = "party", "党委"
    GOVERNMENT = "government", "政府"
    SAFETY_COMMITTEE = "safety_committee", "安委会"
    SAFETY_OFFICE = "safety_office", "安委办"
    EMERGENCY = "emergency", "应急管理"
    INDUSTRY_REGULATOR = "industry_regulator", "行业主管"
    MASS_ORGANISATION = "mass_organisation", "群团"
    OTHER = "other", "其他"


class Department(ScopedModel):
    """A government unit in a region, with the sectors it supervises (三管三必须)."""

    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="departments", verbose_name="行政区划"
    )
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类别", max_length=30, choices=DepartmentKind.choices)
    sectors = models.ManyToManyField(
        "core.Sector", blank=True, related_name="departments", verbose_name="监管行业"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    scope = ScopeSpec(region="region")
    audit_exclude = frozenset()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="department_unique_name_in_region"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentAlias(models.Model):
    """Another name a department goes by (应急局 for 应急管理局), learned once and remembered."""

    department = models.ForeignKey(
        Department, models.CASCADE, related_name="aliases", verbose_name="部门"
    )
    name = models.CharField("别名", max_length=100)

    audit_exclude = frozenset()

    class Meta:
        verbose_name = "部门别名"
        verbose_name_plural = "部门别名"
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="department_alias_unique")
        ]

    def __str__(self) -> str:
        return self.name
