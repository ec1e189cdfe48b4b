"""Working days under the loaded holiday schedule (调休 included)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from anjian.core.models import CalendarDay, ReferenceDataset
from anjian.core.workdays import WorkCalendar, work_calendar

D = dt.date


@pytest.fixture
def calendar(db) -> WorkCalendar:
    call_command("load_reference", "core.calendar", stdout=StringIO())
    return work_calendar()


def test_spring_festival_2026_is_off_and_its_saturdays_are_worked(calendar):
    assert not calendar.is_working_day(D(2026, 2, 16))  # Monday inside 春节
    assert calendar.is_working_day(D(2026, 2, 14))  # Saturday 调休
    assert calendar.is_working_day(D(2026, 2, 28))
    assert not calendar.is_working_day(D(2026, 3, 1))  # plain Sunday


def test_add_working_days_across_national_day(calendar):
    # Wed 30 Sep 2026 + 5 working days: 8, 9, 10 (Sat worked), 12, 13 Oct.
    assert calendar.add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert calendar.working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5


def test_years_without_a_schedule_fall_back_to_monday_to_friday(calendar):
    assert 2026 in calendar.covered_years and 2030 not in calendar.covered_years
    assert calendar.add_working_days(D(2030, 10, 1), 1) == D(2030, 10, 2)


def test_a_new_version_of_the_schedule_is_read_without_a_restart(calendar):
    assert calendar.is_working_day(D(2026, 10, 8))
    CalendarDay.objects.create(date=D(2026, 10, 8), kind="holiday", name="测试", source="测试")
    ReferenceDataset.objects.filter(name="core.calendar").update(sha256="a new file")
    assert not work_calendar().is_working_day(D(2026, 10, 8))


def test_the_shipped_file_names_its_source_for_every_row(db):
    call_command("load_reference", "core.calendar", stdout=StringIO())
    assert CalendarDay.objects.count() > 100
    assert not CalendarDay.objects.filter(source="").exists()


@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2031, 12, 31)),
    days=st.integers(min_value=0, max_value=40),
)
def test_add_and_count_agree(start, days):
    calendar = WorkCalendar(
        frozenset({D(2026, 10, 1), D(2026, 10, 2)}), frozenset({D(2026, 10, 10)})
    )
    end = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, end) == days
    assert days == 0 or calendar.is_working_day(end)
