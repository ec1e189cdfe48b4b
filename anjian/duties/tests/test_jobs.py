"""The scheduled jobs: overdue marking and reminders, each once per period."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from anjian.core import jobs
from anjian.duties.models import Notification, NotificationKind, Occurrence
from anjian.duties.services import progress
from anjian.duties.services.jobs import mark_overdue, remind_due

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def test_jobs_are_registered():
    assert jobs.REGISTRY["duties.mark_overdue"].every == dt.timedelta(hours=1)
    assert jobs.REGISTRY["duties.remind_due"].every == dt.timedelta(days=1)


def test_overdue_periods_are_marked_and_notified_once(duties):
    # 2025-07-01: H1 of task 1 and task 2's 06-30 deadline are past due.
    due = Occurrence.objects.filter(due_date__lt=dt.date(2025, 7, 1))
    assert mark_overdue(at(2025, 7, 1, 9)) == f"标记逾期{due.count()}项"
    assert due.count() == 3  # task 1 H1 (应急局), task 2 (应急局, 住建局)
    assert all(o.overdue_at is not None for o in due)
    assert Notification.objects.filter(kind=NotificationKind.OVERDUE).count() == 3
    assert mark_overdue(at(2025, 7, 1, 10)) == "标记逾期0项"
    assert Notification.objects.filter(kind=NotificationKind.OVERDUE).count() == 3


def test_submitted_or_accepted_periods_are_not_overdue(duties):
    occurrence = Occurrence.objects.filter(due_date=dt.date(2025, 6, 30)).first()
    progress.progress_submit(by=None, occurrence=occurrence, text="done")
    mark_overdue(at(2025, 7, 1, 9))
    occurrence.refresh_from_db()
    assert occurrence.overdue_at is None


def test_reminders_go_out_seven_days_before_due_once(duties):
    assert remind_due(at(2025, 6, 22, 8)) == "到期提醒0项"
    assert remind_due(at(2025, 6, 23, 8)) == "到期提醒3项"
    assert remind_due(at(2025, 6, 24, 8)) == "到期提醒0项"
    notes = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert notes.count() == 3
    assert {n.department_id for n in notes} == {
        duties.world.dept_a.pk,
        duties.world.dept_a_other.pk,
    }


def test_run_due_runs_both_jobs_through_the_registry(duties):
    lines = jobs.run_due(at(2025, 7, 1, 9), force=True)
    assert any(line.startswith("duties.mark_overdue: 标记逾期3项") for line in lines)
