"""Obligations (任务) made from a notice's task items, their units and their indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import AuditedModel, ReportedByModel, ScopedRecord
from anjian.core.models.fields import ref
from anjian.core.scope import ScopedQuerySet, ScopeSpec
from anjian.duties.schedule import occurrences_for


class UnitRole(models.TextChoices):
    """Whether a department leads a task or supports the lead (牵头 / 配合)."""

    LEAD = "lead", _("牵头")
    SUPPORT = "support", _("配合")


class ObligationQuerySet(ScopedQuerySet):
    """Obligations with their periods counted (the 进展 of the 任务分工表)."""

    def with_progress(self) -> ObligationQuerySet:
        """Each obligation's periods: ``total``, ``done`` (accepted) and ``overdue``."""
        from anjian.duties.models.tracking import Occurrence

        return self.annotate(
            total=Count("occurrences"),
            done=Count("occurrences", filter=Occurrence.accepted_q("occurrences__")),
            overdue=Count("occurrences", filter=Occurrence.overdue_q("occurrences__")),
        )


class Obligation(ScopedRecord):
    """A task (任务): of a notice (one per task item), or assigned on its own by another
    module (an accident investigation's 转为责任事项), with ``origin`` saying where from.

    ``pending_units`` holds the unit names the platform could not turn into departments:
    ``{"name": ..., "reason": "vague" | "unresolved"}``. An unresolved name is mapped to a
    department once (learned as its alias); a vague one (有关成员单位) is assigned task by task.
    """

    notice = ref(
        "duties.Notice",
        _("政策文件"),
        optional=True,
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    item = models.OneToOneField(
        "duties.NoticeItem",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="obligation",
        verbose_name=_("条目"),
    )
    origin = models.CharField(_("来源"), max_length=200, blank=True)
    origin_url = models.CharField(_("来源链接"), max_length=200, blank=True)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    region = ref("core.Region", _("行政区划"))
    number = models.PositiveIntegerField(_("序号"))
    text = models.TextField(_("任务内容"))
    deadline_text = models.CharField(_("完成时限"), max_length=200, blank=True)
    pending_units = models.JSONField(_("待指定单位"), default=list, blank=True)

    scope = ScopeSpec(region="region", department="units__department")
    # A department reaches an obligation through each of its units: without duplicates.
    scope_distinct = True

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["notice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="obligation_number"),
            models.CheckConstraint(
                condition=models.Q(notice__isnull=False) | ~models.Q(origin=""),
                name="obligation_has_a_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("duties:obligation_detail", args=[self.pk])

    def periods(self) -> list[tuple[str, dt.date]]:
        """The (period, due date) pairs each responsible department works on: the notice's
        recurrences and deadlines in its work year, or the one deadline of a task made
        outside a notice."""
        if self.notice_id is None:
            return [(f"{self.due_date:%Y-%m-%d}", self.due_date)]
        return occurrences_for(
            recurrences=self.item.recurrences,
            deadlines=self.item.work_deadlines(),
            year=self.notice.year,
        )

    def pending_reason(self, name: str) -> str | None:
        """Why ``name`` waits for the coordinator on this task, or None if it does not."""
        return next((p["reason"] for p in self.pending_units if p["name"] == name), None)

    @staticmethod
    def departments_under(region) -> models.QuerySet:
        """The departments a task of ``region`` may be given to: its own and those below."""
        from anjian.core.models import Department

        return Department.objects.filter(region__path__startswith=region.path)


class ObligationUnit(AuditedModel):
    """A department responsible for an obligation, as lead or support, and the name it came from."""

    obligation = ref(Obligation, _("任务"), on_delete=models.CASCADE, related_name="units")
    department = ref("core.Department", _("部门"), related_name="obligation_units")
    role = models.CharField(_("分工"), max_length=10, choices=UnitRole.choices)
    source_name = models.CharField(_("原文单位名称"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["obligation", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "department"], name="obligation_unit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department}（{self.get_role_display()}）"


MAX_VALUE = Decimal("1e12")  # what 14 digits with 2 decimals hold


class Indicator(ScopedRecord):
    """A quantified target of an obligation (覆盖率达到100%), with its latest recorded value."""

    obligation = ref(Obligation, _("任务"), on_delete=models.CASCADE, related_name="indicators")
    target_value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    phrase = models.CharField(_("原文"), max_length=300, blank=True)
    current_value = models.DecimalField(
        _("当前值"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    scope = Obligation.scope.under("obligation")
    scope_distinct = True

    class Meta:
        verbose_name = _("量化指标")
        verbose_name_plural = _("量化指标")
        ordering = ["obligation", "id"]

    def __str__(self) -> str:
        return f"{self.phrase or self.target_value}{self.unit}"

    @property
    def percent(self) -> int | None:
        if self.current_value is None or not self.target_value:
            return None
        return min(100, int(self.current_value * 100 / self.target_value))

    @staticmethod
    def amount(value) -> Decimal | None:
        """``value`` as the two-decimal amount a target or a recorded value holds, or None
        when it is not a number from 0 up to what the column holds."""
        try:
            number = Decimal(str(value)).quantize(Decimal("0.01"))
            return number if 0 <= number < MAX_VALUE else None
        except ArithmeticError:
            return None


class IndicatorValue(AuditedModel, ReportedByModel):
    """A progress value recorded for an indicator; the latest one is the indicator's current."""

    indicator = ref(Indicator, _("量化指标"), on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    department = ref("core.Department", _("填报部门"), optional=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    audit_exclude = frozenset({"recorded_at"})

    class Meta:
        verbose_name = _("指标进展")
        verbose_name_plural = _("指标进展")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"
