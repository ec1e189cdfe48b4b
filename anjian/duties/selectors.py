"""Read queries shared by pages, API and exports: the task table and the dashboard figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from anjian.duties.models import (
    Notice,
    Obligation,
    ObligationUnit,
    Occurrence,
    OccurrenceStatus,
    UnitRole,
)

WAITING = [OccurrenceStatus.OPEN, OccurrenceStatus.RETURNED]
_ACCEPTED = Q(occurrences__status=OccurrenceStatus.ACCEPTED)


@dataclass
class UnitCell:
    """One unit name of the notice and what it became."""

    name: str
    role: str = UnitRole.LEAD
    departments: list[str] = field(default_factory=list)
    pending: str = ""  # "vague" | "unresolved" | ""


@dataclass
class TaskRow:
    """A row of the 任务分工表."""

    obligation: Obligation
    units: list[UnitCell]
    done: int
    total: int
    overdue: int

    @property
    def unit_text(self) -> str:
        lead = [u.name for u in self.units if u.role == UnitRole.LEAD]
        support = [u.name for u in self.units if u.role == UnitRole.SUPPORT]
        text = "、".join(lead)
        if support:
            text += f"（配合：{'、'.join(support)}）"
        return text

    @property
    def progress_text(self) -> str:
        text = f"已完成 {self.done}/{self.total}" if self.total else "待指定责任单位"
        if self.overdue:
            text += f"，逾期 {self.overdue}"
        return text


def task_obligations(notice: Notice, user):
    """The notice's obligations the user may see, with units and counts loaded (few queries)."""
    return (
        Obligation.objects.visible_to(user)
        .filter(notice=notice)
        .select_related("item")
        .prefetch_related(
            Prefetch("units", queryset=ObligationUnit.objects.select_related("department"))
        )
        .annotate(
            total=Count("occurrences"),
            done=Count("occurrences", filter=_ACCEPTED),
            overdue=Count(
                "occurrences",
                filter=Q(occurrences__overdue_at__isnull=False) & ~_ACCEPTED,
            ),
        )
        .order_by("number")
    )


def unit_cells(obligation: Obligation) -> list[UnitCell]:
    """The notice's unit names in order, each with its departments or why it is pending."""
    pending = {p["name"]: p["reason"] for p in obligation.pending_units}
    by_source: dict[str, list[ObligationUnit]] = {}
    for unit in obligation.units.all():
        by_source.setdefault(unit.source_name, []).append(unit)
    cells = []
    for name in obligation.item.units:
        units = by_source.pop(name, [])
        role = units[0].role if units else UnitRole.LEAD
        cells.append(
            UnitCell(name, role, [u.department.name for u in units], pending.get(name, ""))
        )
    for source, units in by_source.items():  # assigned by the coordinator without a name
        for unit in units:
            cells.append(
                UnitCell(source or unit.department.name, unit.role, [unit.department.name])
            )
    return cells


def task_rows(notice: Notice, user) -> list[TaskRow]:
    """The 任务分工表 of a notice as the user may see it."""
    return [
        TaskRow(o, unit_cells(o), o.done, o.total, o.overdue)
        for o in task_obligations(notice, user)
    ]


def by_department(user, today: dt.date | None = None) -> list[dict]:
    """Per department: periods, due so far, on time, on-time rate, overdue, returned."""
    today = today or timezone.localdate()
    rows = (
        Occurrence.objects.visible_to(user)
        .values("department_id", "department__name")
        .annotate(
            total=Count("id"),
            due=Count("id", filter=Q(due_date__lt=today) | Q(status=OccurrenceStatus.ACCEPTED)),
            on_time=Count("id", filter=Q(on_time=True)),
            overdue=Count(
                "id",
                filter=Q(overdue_at__isnull=False) & ~Q(status=OccurrenceStatus.ACCEPTED),
            ),
            returned=Count("id", filter=Q(status=OccurrenceStatus.RETURNED)),
        )
        .order_by("department__name")
    )
    result = []
    for row in rows:
        rate = round(row["on_time"] * 100 / row["due"]) if row["due"] else None
        result.append({**row, "rate": rate})
    return result


def by_notice(user) -> list[dict]:
    """Per notice: accepted periods out of all."""
    return list(
        Occurrence.objects.visible_to(user)
        .filter(obligation__notice__isnull=False)
        .values("obligation__notice_id", "obligation__notice__title")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=OccurrenceStatus.ACCEPTED)),
        )
        .order_by("-obligation__notice_id")
    )


def upcoming(user, today: dt.date | None = None, days: int = 30, limit: int = 30):
    """Open periods due in the next ``days`` days, soonest first."""
    today = today or timezone.localdate()
    return (
        Occurrence.objects.visible_to(user)
        .filter(status__in=WAITING, due_date__gte=today, due_date__lte=today + dt.timedelta(days))
        .select_related("obligation", "department")
        .order_by("due_date", "id")[:limit]
    )
