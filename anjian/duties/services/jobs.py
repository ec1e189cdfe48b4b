"""The scheduled jobs: mark overdue occurrences and remind departments before due dates."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from anjian.duties.models import NotificationKind, Occurrence, OccurrenceStatus
from anjian.duties.services.base import change_audited
from anjian.duties.services.progress import notify

REMIND_DAYS = 7
_WAITING = [OccurrenceStatus.OPEN, OccurrenceStatus.RETURNED]


@transaction.atomic
def mark_overdue(now: dt.datetime) -> str:
    """Occurrences past due and not submitted: mark once and notify the department (hourly)."""
    today = timezone.localdate(now)
    due = (
        Occurrence.objects.select_for_update()
        .select_related("obligation")
        .filter(status__in=_WAITING, due_date__lt=today, overdue_at__isnull=True)
        .order_by("id")
    )
    count = 0
    for occurrence in due:
        change_audited(
            by=None, obj=occurrence, changes={"overdue_at": now}, action="occurrence.overdue"
        )
        notify(
            by=None,
            occurrence=occurrence,
            kind=NotificationKind.OVERDUE,
            message=f"任务{occurrence.obligation.number}（{occurrence.period}）已逾期，"
            f"完成时限为{occurrence.due_date:%Y-%m-%d}，请尽快提交进展。",
        )
        count += 1
    return f"标记逾期{count}项"


@transaction.atomic
def remind_due(now: dt.datetime) -> str:
    """Remind each department once, REMIND_DAYS days before an occurrence is due (daily)."""
    today = timezone.localdate(now)
    soon = (
        Occurrence.objects.select_for_update()
        .select_related("obligation")
        .filter(
            status__in=_WAITING,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=REMIND_DAYS),
            reminded_at__isnull=True,
        )
        .order_by("id")
    )
    count = 0
    for occurrence in soon:
        change_audited(
            by=None, obj=occurrence, changes={"reminded_at": now}, action="occurrence.remind"
        )
        days = (occurrence.due_date - today).days
        notify(
            by=None,
            occurrence=occurrence,
            kind=NotificationKind.REMINDER,
            message=f"任务{occurrence.obligation.number}（{occurrence.period}）将于"
            f"{occurrence.due_date:%Y-%m-%d}到期（还有{days}天），请按时提交进展。",
        )
        count += 1
    return f"到期提醒{count}项"
