"""Recurrences: 每月至少一次, 每季度召开1次, 每半年至少召开一次, 一年两次, 2次/年, 年内至少一次."""

from __future__ import annotations

import re

from .numerals import to_int

_N = r"(?:\d{1,3}|[一两二三四五六七八九十]{1,3})"
COUNT = re.compile(
    rf"(?:至少|最少|不少于|不低于|不得少于)?\s*(?P<n>{_N})(?:\s*[-—–~至到]\s*(?P<n2>{_N}))?\s*"
    r"(?P<unit>次|回|轮|遍|场|期|项)"
)
# Periods introduced by 每 take any count in their clause; bare ones (一年两次) need it close by.
_PERIOD = re.compile(
    r"(?P<every>每(?:一)?(?:个)?(?:半年度?|周|星期|月|季度?|年度?))"
    r"|(?P<bare>(?<![上下每第])半年(?!度?[内底末])|(?<![\d〇零一二两三四五六七八九十几多每当明去数第])"
    r"(?:一年|一个月|一月|一周|一星期|年内|年度内|全年)|(?<![第每])一(?:个)?季度)"
)
PER = re.compile(rf"(?P<n>{_N})\s*次\s*/\s*(?P<p>半年|年|季度|季|月|周)")
_PERIOD_NAMES = [
    ("半年", "half_year"),
    ("周", "week"),
    ("星期", "week"),
    ("季", "quarter"),
    ("月", "month"),
    ("年", "year"),
]
_CLAUSE_END = re.compile(r"[，。；！？\n]")


def period_of(word: str) -> str:
    """The interchange period for a period word: 每半年 → half_year, 每季度 → quarter …"""
    for key, name in _PERIOD_NAMES:
        if key in word:
            return name
    return "year"


def recurrences_of(text: str) -> tuple[list[dict], list[tuple[int, int]]]:
    """Recurrences in an item's text, and the spans of the counts they used (not targets)."""
    found: dict[tuple[str, int], dict] = {}
    spans: list[tuple[int, int]] = []
    for m in _PERIOD.finditer(text):
        period = period_of(m.group())
        end = _CLAUSE_END.search(text, m.end())
        clause_end = end.start() if end else len(text)
        window = text[m.end() : min(clause_end, m.end() + 40)]
        for i, c in enumerate(COUNT.finditer(window)):
            if m["bare"] and i == 0 and c.start() > 8:
                break
            count = to_int(c["n"])
            if not count:
                continue
            spans.append((m.start(), m.end() + c.end()))
            phrase = text[m.start() : m.end() + c.end()]
            found.setdefault(
                (period, count), {"period": period, "min_count": count, "phrase": phrase}
            )
    for m in PER.finditer(text):
        count = to_int(m["n"])
        if count:
            period = period_of(m["p"])
            spans.append(m.span())
            found.setdefault(
                (period, count), {"period": period, "min_count": count, "phrase": m.group()}
            )
    return list(found.values()), spans
