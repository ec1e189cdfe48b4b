"""Follow-up: occurrences of an obligation per department and period, progress, reminders."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import AuditedModel, ReportedByModel, ScopedRecord, VersionedModel
from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedQuerySet, ScopeSpec
from anjian.duties.models.obligations import UnitRole


class OccurrenceStatus(models.TextChoices):
    """Where a period's work is (the transitions are ``OCCURRENCE_FLOW`` in workflows.py)."""

    OPEN = "open", _("待办")
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已完成")
    RETURNED = "returned", _("已退回")


# Waiting for the department's progress: the states a period is submitted from, and those
# in which it is reminded of and marked overdue.
WAITING = frozenset({OccurrenceStatus.OPEN, OccurrenceStatus.RETURNED})


class OccurrenceQuerySet(ScopedQuerySet):
    """Periods with the rules that say which wait, which are due and which are overdue."""

    def waiting(self) -> OccurrenceQuerySet:
        return self.filter(status__in=WAITING)

    def falling_overdue(self, today: dt.date) -> OccurrenceQuerySet:
        """Waiting past their due date and not yet marked overdue (the hourly job's rows)."""
        return self.waiting().filter(due_date__lt=today, overdue_at__isnull=True)

    def due_within(self, today: dt.date, days: int) -> OccurrenceQuerySet:
        """Waiting and due from ``today`` to ``days`` days later."""
        return self.waiting().filter(
            due_date__gte=today, due_date__lte=today + dt.timedelta(days=days)
        )


class Occurrence(ScopedRecord, VersionedModel):
    """One period's work of one department on an obligation (2025-H1, 2025-03, 2025…)."""

    obligation = ref(
        "duties.Obligation", _("任务"), on_delete=models.CASCADE, related_name="occurrences"
    )
    department = ref("core.Department", _("责任单位"), related_name="occurrences")
    role = models.CharField(
        _("分工"), max_length=10, choices=UnitRole.choices, default=UnitRole.LEAD
    )
    region = ref("core.Region", _("行政区划"))
    period = models.CharField(_("周期"), max_length=20)
    due_date = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"), max_length=20, choices=OccurrenceStatus.choices, default=OccurrenceStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    on_time = models.BooleanField(_("按时完成"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)

    scope = ScopeSpec(region="region", department="department")

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务周期")
        verbose_name_plural = _("任务周期")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "department", "period"], name="occurrence_unique_period"
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="occurrence_status_due")]

    def __str__(self) -> str:
        return f"{self.obligation.number}. {self.department} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("duties:occurrence_detail", args=[self.pk])

    # ---- the rules, once: in SQL (``prefix`` reaches periods through a relation) and for a
    # loaded row ---------------------------------------------------------------------------

    @staticmethod
    def accepted_q(prefix: str = "") -> Q:
        return Q(**{f"{prefix}status": OccurrenceStatus.ACCEPTED})

    @staticmethod
    def overdue_q(prefix: str = "") -> Q:
        """Marked overdue by the job and not accepted since."""
        return Q(**{f"{prefix}overdue_at__isnull": False}) & ~Occurrence.accepted_q(prefix)

    @property
    def is_overdue(self) -> bool:
        """Marked overdue by the job and not accepted since."""
        return self.overdue_at is not None and self.status != OccurrenceStatus.ACCEPTED


class ProgressDecision(models.TextChoices):
    """What the coordinator decided about a progress report."""

    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("通过")
    RETURNED = "returned", _("退回")


class ProgressReport(ScopedRecord, ReportedByModel):
    """Progress a department submitted for an occurrence, with evidence and the decision."""

    occurrence = ref(Occurrence, _("任务周期"), on_delete=models.CASCADE, related_name="reports")
    department = ref("core.Department", _("责任单位"))
    region = ref("core.Region", _("行政区划"))
    text = models.TextField(_("进展情况"))
    submitted_at = models.DateTimeField(_("提交时间"))
    decision = models.CharField(
        _("审核结果"),
        max_length=20,
        choices=ProgressDecision.choices,
        default=ProgressDecision.PENDING,
    )
    reason = models.TextField(_("退回理由"), blank=True)
    decided_by = user_ref(_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    scope = ScopeSpec(region="region", department="department")

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.submitted_at:%Y-%m-%d}"


class Evidence(AuditedModel):
    """A file attached to a progress report (photo, PDF, Word…); reached through its report."""

    report = ref(ProgressReport, _("进展报告"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to="duties/evidence/%Y/%m/", max_length=300)
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    # The stored file's name is chosen by the storage; its content is audited by hash.
    audit_exclude = frozenset({"file"})

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class NotificationKind(models.TextChoices):
    """Why a department is told something."""

    REMINDER = "reminder", _("到期提醒")
    OVERDUE = "overdue", _("逾期")
    RETURNED = "returned", _("退回")


class Notification(ScopedRecord):
    """An in-app message to a department about one of its occurrences (我的提醒)."""

    region = ref("core.Region", _("行政区划"))
    department = ref("core.Department", _("部门"))
    occurrence = ref(
        Occurrence,
        _("任务周期"),
        optional=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=NotificationKind.choices)
    message = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField(_("时间"))

    scope = ScopeSpec(region="region", department="department")

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message[:40]
