"""Read queries shared by pages, API and exports: the task table and the dashboard figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from anjian.core.access import Access
from anjian.duties.models import (
    Notice,
    Obligation,
    ObligationUnit,
    Occurrence,
    OccurrenceStatus,
    UnitRole,
)


@dataclass
class UnitCell:
    """One unit name of the notice and what it became."""

    name: str
    role: str = UnitRole.LEAD
    departments: list[str] = field(default_factory=list)
    pending: str = ""  # why it waits (units.Status.VAGUE or UNRESOLVED), or ""


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


UNITS = Prefetch("units", queryset=ObligationUnit.objects.select_related("department"))


def unit_cells(obligation: Obligation) -> list[UnitCell]:
    """The notice's unit names in order, each with its departments or why it is pending,
    then the departments assigned without a name (all of them for a task made outside a
    notice)."""
    by_source: dict[str, list[ObligationUnit]] = {}
    for unit in obligation.units.all():
        by_source.setdefault(unit.source_name, []).append(unit)
    cells = []
    for name in obligation.item.units if obligation.item_id else []:
        units = by_source.pop(name, [])
        role = units[0].role if units else UnitRole.LEAD
        pending = obligation.pending_reason(name) or ""
        cells.append(UnitCell(name, role, [u.department.name for u in units], pending))
    for source, units in by_source.items():  # assigned by the coordinator without a name
        for unit in units:
            cells.append(
                UnitCell(source or unit.department.name, unit.role, [unit.department.name])
            )
    return cells


def task_rows(notice: Notice, access: Access) -> list[TaskRow]:
    """The 任务分工表 of a notice as the user may see it (a few queries, whatever its size)."""
    obligations = (
        access.scope(Obligation.objects.filter(notice=notice))
        .select_related("item")
        .prefetch_related(UNITS)
        .with_progress()
        .order_by("number")
    )
    return [TaskRow(o, unit_cells(o), o.done, o.total, o.overdue) for o in obligations]


def pending_names(notice: Notice) -> list[dict]:
    """Unit names of the notice still waiting for the coordinator, with how many tasks each."""
    counts: dict[tuple[str, str], int] = {}
    for pending in notice.obligations.values_list("pending_units", flat=True):
        for p in pending:
            key = (p["name"], p["reason"])
            counts[key] = counts.get(key, 0) + 1
    return [{"name": n, "reason": r, "count": c} for (n, r), c in sorted(counts.items())]


def by_department(access: Access, today: dt.date | None = None) -> list[dict]:
    """Per department: periods, due so far, on time, on-time rate, overdue, returned."""
    today = today or timezone.localdate()
    rows = (
        access.scope(Occurrence)
        .values("department_id", "department__name")
        .annotate(
            total=Count("id"),
            due=Count("id", filter=Q(due_date__lt=today) | Occurrence.accepted_q()),
            on_time=Count("id", filter=Q(on_time=True)),
            overdue=Count("id", filter=Occurrence.overdue_q()),
            returned=Count("id", filter=Q(status=OccurrenceStatus.RETURNED)),
        )
        .order_by("department__name")
    )
    return [
        {**row, "rate": round(row["on_time"] * 100 / row["due"]) if row["due"] else None}
        for row in rows
    ]


def by_notice(access: Access) -> list[dict]:
    """Per notice: accepted periods out of all."""
    return list(
        access.scope(Occurrence)
        .filter(obligation__notice__isnull=False)
        .values("obligation__notice_id", "obligation__notice__title")
        .annotate(total=Count("id"), done=Count("id", filter=Occurrence.accepted_q()))
        .order_by("-obligation__notice_id")
    )


def upcoming(access: Access, today: dt.date | None = None, days: int = 30, limit: int = 30):
    """Waiting periods due in the next ``days`` days, soonest first."""
    today = today or timezone.localdate()
    return (
        access.scope(Occurrence.objects.due_within(today, days))
        .select_related("obligation", "department")
        .order_by("due_date", "id")[:limit]
    )
