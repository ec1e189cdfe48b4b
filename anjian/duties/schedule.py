"""Occurrences of a task in its work year: pure dates, no database.

Rules (``occurrences_for``):

- a recurrence makes one occurrence per period of the work year, due on the period's last
  day: ``half_year`` → 2025-H1 (06-30) and 2025-H2 (12-31); ``quarter`` → 2025-Q1…Q4;
  ``month`` → 2025-01…2025-12; ``week`` is followed up monthly (12 occurrences: a report
  covers the month's weekly work); ``year`` → 2025 (12-31);
- ``min_count`` greater than 1 on a *year* spreads the required times evenly over the year
  (2 → H1/H2, 4 → Q1…Q4, 12 → months, otherwise 2025-1/3, 2025-2/3… due at the end of
  month ceil(12·i/n)); on a shorter period it stays one occurrence per period, whose report
  states how many times the work was done;
- with several recurrences the one giving the most occurrences wins;
- each deadline adds one occurrence due that day, labelled by its date, unless an
  occurrence is already due that day;
- no recurrence and no deadline: one occurrence due at the end of the work year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

PERIOD_NAMES = {
    "week": "每周",
    "month": "每月",
    "quarter": "每季度",
    "half_year": "每半年",
    "year": "每年",
}


def iso_date(value) -> dt.date | None:
    """The date an ISO text names (2025-06-30), or None for no text or a bad one."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _spread(year: int, n: int) -> list[tuple[str, dt.date]]:
    if n == 2:
        return [(f"{year}-H1", month_end(year, 6)), (f"{year}-H2", month_end(year, 12))]
    if n == 4:
        return [(f"{year}-Q{q}", month_end(year, 3 * q)) for q in range(1, 5)]
    if n == 12:
        return [(f"{year}-{m:02d}", month_end(year, m)) for m in range(1, 13)]
    return [(f"{year}-{i}/{n}", month_end(year, math.ceil(12 * i / n))) for i in range(1, n + 1)]


def recurrence_occurrences(period: str, min_count: int, year: int) -> list[tuple[str, dt.date]]:
    """The (label, due date) pairs one recurrence asks for in the work year."""
    count = max(int(min_count or 1), 1)
    if period in {"month", "week"}:
        return _spread(year, 12)
    if period == "quarter":
        return _spread(year, 4)
    if period == "half_year":
        return _spread(year, 2)
    if period == "year":
        return [(str(year), month_end(year, 12))] if count == 1 else _spread(year, min(count, 12))
    raise ValueError(f"unknown period {period!r}")


def occurrences_for(
    *, recurrences: list[dict], deadlines: list[dict], year: int
) -> list[tuple[str, dt.date]]:
    """Every (period label, due date) of a task in ``year``, sorted by due date (see above)."""
    result: list[tuple[str, dt.date]] = []
    options = [
        recurrence_occurrences(r["period"], r.get("min_count", 1), year)
        for r in recurrences
        if r.get("period") in PERIOD_NAMES
    ]
    if options:
        result = max(options, key=len)
    due_dates = {due for _label, due in result}
    labels = {label for label, _due in result}
    for deadline in deadlines:
        due = iso_date(deadline.get("date"))
        label = due.isoformat() if due else ""
        if due is None or due in due_dates or label in labels:
            continue
        due_dates.add(due)
        labels.add(label)
        result.append((label, due))
    if not result:
        result = [(str(year), month_end(year, 12))]
    return sorted(result, key=lambda pair: (pair[1], pair[0]))


def deadline_text(*, recurrences: list[dict], deadlines: list[dict], year: int) -> str:
    """完成时限 as the task table shows it: 2025年6月30日前；每半年 …"""
    parts = []
    for due in filter(None, (iso_date(d.get("date")) for d in deadlines)):
        parts.append(f"{due.year}年{due.month}月{due.day}日前")
    for r in recurrences:
        name = PERIOD_NAMES.get(r.get("period"))
        if name:
            count = int(r.get("min_count") or 1)
            parts.append(f"{name}至少{count}次" if count > 1 or r["period"] != "year" else name)
    if not parts:
        parts.append(f"{year}年底前")
    return "；".join(dict.fromkeys(parts))
