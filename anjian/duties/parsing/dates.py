"""Date helpers: month ends, written dates (2025年2月26日, 二〇二五年二月二十六日), festivals."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

from .numerals import to_int

FESTIVALS_FILE = Path(__file__).resolve().parent.parent / "data" / "festivals.json"
YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
DAY = rf"(?:3[01]|[12]\d|0?[1-9]|{_CN_DAY})"
WRITTEN_DATE = re.compile(rf"({YEAR})\s*年\s*({MONTH})\s*月\s*({DAY})\s*[日号]")
NUMERIC_DATE = re.compile(r"((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})")
_FIXED = {"元旦": (1, 1), "五一": (5, 1), "劳动节": (5, 1), "国庆": (10, 1)}
_LUNAR = {
    "春节": "spring_festival",
    "清明": "qingming",
    "端午": "dragon_boat",
    "中秋": "mid_autumn",
}


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def make_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    """A date from parts, or None when they do not make one."""
    try:
        return dt.date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first written (2025年2月26日, 二〇二五年二月二十六日) or numeric (2025-02-26) date."""
    m = WRITTEN_DATE.search(text)
    if m:
        return make_date(*(to_int(g) for g in m.groups()))
    m = NUMERIC_DATE.search(text)
    if m:
        return make_date(*(int(g) for g in m.groups()))
    return None


@cache
def _festival_table() -> dict:
    return json.loads(FESTIVALS_FILE.read_text(encoding="utf-8"))


def festival(name: str, year: int) -> dt.date | None:
    """The date of a festival (春节, 清明, 端午, 中秋, 元旦, 五一, 国庆) in a Gregorian year."""
    for key, (month, day) in _FIXED.items():
        if name.startswith(key):
            return dt.date(year, month, day)
    for key, table in _LUNAR.items():
        if name.startswith(key):
            value = _festival_table()[table].get(str(year))
            return dt.date.fromisoformat(value) if value else None
    return None


def festival_eve(name: str, year: int, issued: dt.date | None) -> dt.date | None:
    """The day before the next such festival: in the notice's year, or the year after when the
    notice was issued after that year's festival."""
    day = festival(name, year)
    if day and issued and issued >= day:
        day = festival(name, year + 1)
    return day - dt.timedelta(days=1) if day else None
