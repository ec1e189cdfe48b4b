"""Targets: 覆盖率达到100%, 90%的化工园区, 至少研究解决10项, 再建成10座, 每个村至少建立1处."""

from __future__ import annotations

import re

from .numerals import plain, to_number

_N = r"(?:\d+(?:\.\d+)?|[一两二三四五六七八九十百千]+)"
MEASURE = (
    r"(?:万元|亿元|个百分点|人次|学时|课时|公里|千米|平方米|立方米|个|项|处|座|名|家|支|人|所|套|台"
    r"|条|批|户|米|部|辆|本|份|篇|件|类|张|栋|间|块|吨)"
)
PERCENT = re.compile(
    r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*%|百分之(?P<cn>[一二三四五六七八九十百零]+)"
)
_QUANTIFIER = r"(?:至少|最少|不少于|不低于|不得少于|力争|确保|再|控制在)"
COUNT = re.compile(
    rf"{_QUANTIFIER}[^，。；、\n\d]{{0,6}}?(?P<n>{_N})(?:\s*[-—–~至到]\s*{_N})?\s*(?P<unit>{MEASURE})"
)
VERB_COUNT = re.compile(
    r"(?:建成|新建|创建|打造|培育|完成|建设|配备|配齐|新增|改造|整治|关闭|淘汰|退出|整合|招录|组建)"
    rf"[^，。；、\n\d第]{{0,10}}?(?<!第)(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>{MEASURE})"
)
_QUOTED = re.compile(r"“[^”]{0,40}”|\"[^\"]{0,40}\"")
_CLAUSE = re.compile(r"[，。；！？\n]")


def _clause(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    right = _CLAUSE.search(text, end)
    return text[left : right.start() if right else len(text)]


def targets_of(text: str, taken: list[tuple[int, int]] = ()) -> list[dict]:
    """Quantities an item sets out to reach, as value and unit, skipping counts in quotes and
    counts that belong to a recurrence (spans in taken)."""
    blocked = [m.span() for m in _QUOTED.finditer(text)] + list(taken)
    found: dict[tuple[float, str], dict] = {}

    def add(m: re.Match, value: float | None, unit: str) -> None:
        if value is None or any(s < m.end() and m.start() < e for s, e in blocked):
            return
        key = (value, unit)
        if key not in found:
            found[key] = {"value": plain(value), "unit": unit, "phrase": _clause(text, *m.span())}
        blocked.append(m.span())

    for m in PERCENT.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] == "个":
            continue
        add(m, to_number(m["n"] or m["cn"]), "%")
    for pattern in (COUNT, VERB_COUNT):
        for m in pattern.finditer(text):
            add(m, to_number(m["n"]), m["unit"])
    return list(found.values())
