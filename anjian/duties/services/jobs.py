"""The scheduled jobs (``core.jobs``: ``fn(now)``): mark overdue occurrences, and remind
departments before due dates; the rows each works on are the model's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import models, transaction
from django.utils import timezone

from anjian.core.services.common import update_audited
from anjian.duties.models import NotificationKind, Occurrence
from anjian.duties.services.progress import notify

REMIND_DAYS = 7


def _mark(rows: models.QuerySet, *, field: str, now: dt.datetime, kind: str, message: Callable):
    """Set ``field`` to ``now`` on each row (locked, audited) and tell its department."""
    rows = list(rows.select_for_update(of=("self",)).select_related("obligation").order_by("id"))
    action = "occurrence.overdue" if kind == NotificationKind.OVERDUE else "occurrence.remind"
    for occurrence in rows:
        update_audited(
            check_scope=False, by=None, obj=occurrence, changes={field: now}, action=action
        )
        notify(by=None, occurrence=occurrence, kind=kind, message=message(occurrence))
    return len(rows)


@transaction.atomic
def mark_overdue(now: dt.datetime) -> str:
    """Occurrences past due and not submitted: mark once and notify the department (hourly)."""
    count = _mark(
        Occurrence.objects.falling_overdue(timezone.localdate(now)),
        field="overdue_at",
        now=now,
        kind=NotificationKind.OVERDUE,
        message=lambda o: (
            f"任务{o.obligation.number}（{o.period}）已逾期，"
            f"完成时限为{o.due_date:%Y-%m-%d}，请尽快提交进展。"
        ),
    )
    return f"标记逾期{count}项"


@transaction.atomic
def remind_due(now: dt.datetime) -> str:
    """Remind each department once, REMIND_DAYS days before an occurrence is due (daily)."""
    today = timezone.localdate(now)
    count = _mark(
        Occurrence.objects.due_within(today, REMIND_DAYS).filter(reminded_at__isnull=True),
        field="reminded_at",
        now=now,
        kind=NotificationKind.REMINDER,
        message=lambda o: (
            f"任务{o.obligation.number}（{o.period}）将于{o.due_date:%Y-%m-%d}"
            f"到期（还有{(o.due_date - today).days}天），请按时提交进展。"
        ),
    )
    return f"到期提醒{count}项"
