"""Arithmetic and limits every statistics page shares: rates and the days a report may cover."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_STATISTICS_DAY = dt.date(2000, 1, 1)


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def validate_statistics_day(day: dt.date) -> None:
    """Statistics cover 2000-01-01 to a year from today; other dates are refused by name."""
    latest = timezone.localdate() + dt.timedelta(days=366)
    if not EARLIEST_STATISTICS_DAY <= day <= latest:
        raise ValidationError(
            f"统计日期应在{EARLIEST_STATISTICS_DAY:%Y-%m-%d}至{latest:%Y-%m-%d}之间。"
        )
