"""Accidents (生产安全事故), their reports up the chain and their grade history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.accidents import rules
from anjian.core.models import RegionLevel
from anjian.core.models.base import (
    ANCHORS,
    DemoMarkedModel,
    ReportedByModel,
    ScopedRecord,
    TimestampedModel,
    VersionedModel,
)
from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedQuerySet


class AccidentQuerySet(ScopedQuerySet):
    """Accidents, with the reads their rules share."""

    def within(self, region) -> AccidentQuerySet:
        """Accidents in ``region`` or below it (one prefix match on the region path)."""
        return self.filter(region__path__startswith=region.path)

    def with_chain(self) -> AccidentQuerySet:
        """With what the reporting chain and a list row read, in three queries for any count."""
        return self.select_related(
            "grade", "category", "region", "sector", "enterprise"
        ).prefetch_related("reports", "revisions")


class Accident(ScopedRecord, VersionedModel, TimestampedModel, DemoMarkedModel, ReportedByModel):
    """A work-safety accident: where, what, how bad; its grade is computed, never typed.

    It keeps its own place (region, enterprise, sector, department): a road accident has no
    enterprise, and an enterprise's accident may happen away from the enterprise's town.
    """

    title = models.CharField(_("事故名称"), max_length=200)
    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    region = ref("core.Region", _("属地(县/乡镇)"), related_name="accidents")
    enterprise = ref("core.Enterprise", _("事故单位"), optional=True, related_name="accidents")
    sector = ref("core.Sector", _("行业领域"), related_name="accidents")
    department = ref("core.Department", _("行业监管部门"), optional=True, related_name="accidents")
    category = ref("core.AccidentCategory", _("事故类别(GB 6441)"), related_name="accidents")
    is_road_traffic = models.BooleanField(_("道路交通事故"), default=False)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0)
    missing = models.PositiveIntegerField(_("失踪人数"), default=0)
    serious_injuries = models.PositiveIntegerField(_("重伤人数(含急性工业中毒)"), default=0)
    minor_injuries = models.PositiveIntegerField(_("轻伤人数"), default=0)
    direct_loss = models.DecimalField(
        _("直接经济损失(元)"), max_digits=15, decimal_places=2, default=0
    )
    narrative = models.TextField(_("事故简要经过"), validators=[MinLengthValidator(5)])
    measures_taken = models.TextField(_("已采取的措施"), blank=True)
    grade = ref("accidents.AccidentGrade", _("事故等级"))
    computed_grade = ref("accidents.AccidentGrade", _("按当前数据计算的等级"))
    grade_overridden = models.BooleanField(_("等级经人工认定"), default=False)

    objects = AccidentQuerySet.as_manager()

    scope = ANCHORS
    audit_exclude = frozenset({"created_at", "updated_at"})
    figure_fields = ("deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss")
    # What may be corrected after the report; what a report gives (the grade is computed).
    descriptive_fields = ("title", "place", "category", "is_road_traffic", "narrative")
    descriptive_fields += ("measures_taken",)
    report_fields = ("title", "occurred_at", "place", "region", "enterprise", "sector")
    report_fields += ("department", "category", "is_road_traffic", *figure_fields)
    report_fields += ("narrative", "measures_taken")

    class Meta:
        verbose_name = _("生产安全事故")
        verbose_name_plural = _("生产安全事故")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["region", "occurred_at"], name="accident_region_time"),
            models.Index(fields=["occurred_at"], name="accident_time"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accidents:accident_detail", args=[self.pk])

    @property
    def figures(self) -> rules.Figures:
        return rules.Figures(**{name: getattr(self, name) for name in self.figure_fields})

    @property
    def is_serious(self) -> bool:
        """较大 or worse (a grade above the lowest)."""
        return self.grade.rank > 1

    @property
    def awaits_grade_decision(self) -> bool:
        """The figures changed after the window and now reach another grade (待认定)."""
        return self.computed_grade_id != self.grade_id

    @property
    def next_report_level(self) -> str | None:
        """Who reports next up the chain (None once the province has reported)."""
        return rules.next_level(report.level for report in self.reports.all())

    def clean(self) -> None:
        errors = {}
        if self.region_id and self.region.level not in (RegionLevel.COUNTY, RegionLevel.TOWN):
            errors["region"] = "事故属地须为县级或乡镇级行政区划。"
        if (
            self.region_id
            and self.department_id
            and not self.region.path.startswith(self.department.region.path)
        ):
            errors["department"] = f"“{self.department}”不能监管{self.region}发生的事故。"
        if errors:
            raise ValidationError(errors)


class ReportLevel(models.TextChoices):
    """Who reports in the chain, and to whom (第九条, 第十条)."""

    UNIT = "unit", _("事故单位/首报 → 县级")
    COUNTY = "county", _("县级 → 设区的市级")
    CITY = "city", _("市级 → 省级")
    PROVINCE = "province", _("省级 → 国务院有关部门")


class AccidentReport(ScopedRecord):
    """One report in the chain (unit → county → city → province) with the time it was made."""

    accident = ref(Accident, _("事故"), related_name="reports")
    level = models.CharField(_("报告层级"), max_length=10, choices=ReportLevel.choices)
    reported_at = models.DateTimeField(_("报告时间"))
    reporting_unit = models.CharField(_("报告单位"), max_length=100)
    recipient = models.CharField(_("接报单位"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = user_ref(_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    scope = Accident.scope.under("accident")
    audit_exclude = frozenset({"created_at"})

    class Meta:
        verbose_name = _("事故报告")
        verbose_name_plural = _("事故报告")
        ordering = ["reported_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["accident", "level"], name="accident_report_level")
        ]

    def __str__(self) -> str:
        return f"{self.accident} · {self.get_level_display()}"


class RevisionKind(models.TextChoices):
    """Why the figures or grade of an accident were recorded."""

    REPORTED = "reported", _("首次报告")
    FIGURES = "figures", _("伤亡/损失变化")
    OVERRIDE = "override", _("人工认定等级")


class AccidentRevision(ScopedRecord):
    """The grade history: every report, figure change and override, with its figures and grade."""

    accident = ref(Accident, _("事故"), related_name="revisions")
    kind = models.CharField(_("类型"), max_length=10, choices=RevisionKind.choices)
    at = models.DateTimeField(_("时间"))
    figures = models.JSONField(_("伤亡和损失"), default=dict)
    grade_before = ref("accidents.AccidentGrade", _("原等级"), optional=True)
    grade_after = ref("accidents.AccidentGrade", _("等级"))
    computed_grade = ref("accidents.AccidentGrade", _("计算等级"))
    within_window = models.BooleanField(_("在补报期内"), null=True, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    by = user_ref(_("操作人"))

    scope = Accident.scope.under("accident")

    class Meta:
        verbose_name = _("事故等级记录")
        verbose_name_plural = _("事故等级记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.accident} · {self.get_kind_display()} · {self.grade_after}"
