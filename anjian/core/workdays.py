"""Working days (工作日) under the State Council's holiday schedule loaded as ``core.calendar``.

A day is a working day when it is Monday–Friday and not a listed holiday, or when it is a
listed 调休 workday. Years with no loaded schedule fall back to plain Monday–Friday;
``covered_years`` tells callers which years are exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class WorkCalendar:
    """The loaded exceptions to the Monday–Friday week."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    @property
    def covered_years(self) -> frozenset[int]:
        return frozenset(d.year for d in self.holidays | self.workdays)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        current = start
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            count += self.is_working_day(current)
        return count


@lru_cache(maxsize=1)
def _cached(version: str) -> WorkCalendar:
    from anjian.core.models import CalendarDay, CalendarDayKind

    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDayKind.HOLIDAY else workdays).add(day)
    return WorkCalendar(frozenset(holidays), frozenset(workdays))


def work_calendar() -> WorkCalendar:
    """The calendar as loaded now (re-read when the ``core.calendar`` dataset changes)."""
    from anjian.core.models import ReferenceDataset

    record = ReferenceDataset.objects.filter(name="core.calendar").values_list("sha256").first()
    return _cached(record[0] if record else "")
