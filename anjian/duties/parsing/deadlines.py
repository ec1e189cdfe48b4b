"""Deadlines: 年底前, 6月底前, 2025年6月底前, 上半年, 一季度, 年内, 即日起至4月8日, 春节前 …"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .dates import DAY, MONTH, YEAR, festival_eve, make_date, month_end
from .numerals import to_int

BEFORE = r"(?:前|之前|以前|止|为止)"
_Y = rf"(?P<y>{YEAR})\s*年"
_M = rf"(?P<m>{MONTH})\s*月"
_D = rf"(?P<d>{DAY})\s*[日号]"
_NOT_AFTER_NUMBER = r"(?<![\d〇○零一二两三四五六七八九十几多每当明去数个])"
_RANGE_START = rf"(?:(?:自|从)?即日起|(?:自|从)?(?:{YEAR}年)?{MONTH}月(?:{DAY}[日号])?(?:起|开始)?)"
_TIMES = re.compile(r"^[^，。；\n]{0,14}?(?:\d+|[一两二三四五六七八九十]+)(?:次|回|轮|遍|场)")


@dataclass
class Context:
    """What a relative date needs: the notice's year and its issue date."""

    year: int
    issued: dt.date | None = None


def _year(m: re.Match, ctx: Context) -> int:
    y = m.groupdict().get("y")
    return to_int(y) if y else ctx.year


def _full(m: re.Match, ctx: Context) -> dt.date | None:
    return make_date(_year(m, ctx), to_int(m["m"]), to_int(m["d"]))


def _month_end(m: re.Match, ctx: Context) -> dt.date | None:
    month = to_int(m["m"])
    return month_end(_year(m, ctx), month) if month and 1 <= month <= 12 else None


def _part_of_month(m: re.Match, ctx: Context) -> dt.date | None:
    end = _month_end(m, ctx)
    if end is None:
        return None
    return end if m["part"] == "下旬" else end.replace(day=10 if m["part"] == "上旬" else 20)


def _year_end(m: re.Match, ctx: Context) -> dt.date:
    return dt.date(_year(m, ctx), 12, 31)


def _half(m: re.Match, ctx: Context) -> dt.date:
    return dt.date(_year(m, ctx), 6, 30) if m["h"] == "上" else dt.date(_year(m, ctx), 12, 31)


def _quarter(m: re.Match, ctx: Context) -> dt.date | None:
    q = to_int(m["q"])
    return month_end(_year(m, ctx), q * 3) if q and 1 <= q <= 4 else None


def _range_end(m: re.Match, ctx: Context) -> dt.date | None:
    if m["d"]:
        return _full(m, ctx)
    return _month_end(m, ctx)


def _festival(m: re.Match, ctx: Context) -> dt.date | None:
    return festival_eve(m["f"], ctx.year, ctx.issued)


def _within_year(m: re.Match, ctx: Context) -> dt.date | None:
    # 年内至少开展一次 is a yearly recurrence, not a deadline
    if _TIMES.match(m.string[m.end() :]):
        return None
    return dt.date(ctx.year, 12, 31)


Rule = tuple[re.Pattern, Callable[[re.Match, Context], dt.date | None]]
RULES: list[Rule] = [
    (
        re.compile(rf"{_RANGE_START}(?:至|到|—|–|-|~)(?:{_Y})?{_M}(?:{_D}|底|末)?{BEFORE}?"),
        _range_end,
    ),
    (re.compile(rf"{_Y}{_M}{_D}{BEFORE}"), _full),
    (re.compile(rf"(?:于|在|至|到|截至|截止到?){_Y}{_M}{_D}"), _full),
    (re.compile(rf"(?<![年\d]){_M}{_D}{BEFORE}"), _full),
    (re.compile(rf"(?:于|在|截至|截止到?)(?<![年\d]){_M}{_D}"), _full),
    (re.compile(rf"{_Y}{_M}(?P<part>上旬|中旬|下旬){BEFORE}?"), _part_of_month),
    (re.compile(rf"(?<![年\d每]){_M}(?P<part>上旬|中旬|下旬){BEFORE}?"), _part_of_month),
    (re.compile(rf"{_Y}{_M}(?:底|末){BEFORE}?"), _month_end),
    (re.compile(rf"(?<![年\d])(?<!每年){_M}(?:份)?(?:底|末){BEFORE}?"), _month_end),
    (re.compile(rf"(?:于|在|到)?{_Y}{_M}(?=份?(?:前|全面完成|基本完成|完成))"), _month_end),
    (re.compile(rf"(?:于|在|到)(?<![年\d]){_M}(?=份?(?:前|全面完成|基本完成|完成))"), _month_end),
    (re.compile(rf"{_Y}(?:年)?(?:底|末)(?!岁初){BEFORE}?"), _year_end),
    (re.compile(rf"{_NOT_AFTER_NUMBER}(?:今|本)?年(?:底|末)(?!岁初){BEFORE}?"), _year_end),
    (re.compile(rf"(?:{_Y})?(?<![每])(?P<h>[上下])半年(?:度)?(?:末|底)?{BEFORE}?"), _half),
    (
        re.compile(
            rf"(?:{_Y})?(?<![每个])第?(?P<q>[一二三四1-4])季度(?:末|底|内)?{BEFORE}?(?![一1]次)"
        ),
        _quarter,
    ),
    (re.compile(rf"{_NOT_AFTER_NUMBER}(?:今|本)?年(?:度)?内"), _within_year),
    (
        re.compile(
            r"(?P<f>元旦|春节|清明节?|五一|劳动节|端午节?|中秋节?|国庆节?)(?:节日|假期|长假|节)?"
            r"(?:来临|到来)?(?:前|之前|以前)"
        ),
        _festival,
    ),
]


def phrase_at(text: str, start: int, limit: int = 40) -> str:
    """The clause of text that starts at start, up to the next comma or full stop."""
    m = re.compile(r"[，。；！？\n)]").search(text, start)
    end = m.start() if m else len(text)
    return text[start : min(end, start + limit)]


def deadlines_of(text: str, ctx: Context) -> list[dict]:
    """ISO deadlines named in an item's text, each with the phrase it came from."""
    taken: list[tuple[int, int]] = []
    found: dict[str, dict] = {}
    for pattern, to_date in RULES:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            date = to_date(m, ctx)
            if date is not None:
                taken.append(m.span())
            if date is None or date.year < ctx.year or date.year > ctx.year + 10:
                continue
            found.setdefault(
                date.isoformat(), {"date": date.isoformat(), "phrase": phrase_at(text, m.start())}
            )
    return sorted(found.values(), key=lambda d: d["date"])
