"""Outline labels at the start of a paragraph: 一、 (一) 1. 1、 (1) 1) ① 第一条, month headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import cn_to_int

_CN = "一二三四五六七八九十百零〇"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("pcn", re.compile(rf"^\(([{_CN}]{{1,4}})\)")),
    ("pnum", re.compile(r"^\((\d{1,3})\)")),
    ("cn", re.compile(rf"^([{_CN}]{{1,4}})[、.](?![\d{_CN}])")),
    ("num", re.compile(r"^(\d{1,3})[.、](?!\d)")),
    ("rnum", re.compile(r"^(\d{1,3})\)")),
    ("circ", re.compile(r"^([\u2460-\u2473\u2776-\u277f])")),
    ("part", re.compile(rf"^第([{_CN}]{{1,3}})部分")),
    ("chapter", re.compile(rf"^第([{_CN}]{{1,3}})章")),
    ("article", re.compile(rf"^第([{_CN}]{{1,4}})条")),
]
_MONTH = re.compile(
    r"^(\d{1,2}|十[一二]?|[一二三四五六七八九])月份?"
    r"(?:(?:重点)?(?:工作)?(?:任务|安排|计划|重点)?)?[：:]?$"
)


@dataclass(frozen=True)
class Label:
    """A detected label: its kind, number, path text (一, (一), 1, (1), 1), ①) and length."""

    kind: str
    value: int
    text: str
    end: int


def _circled_value(ch: str) -> int:
    code = ord(ch)
    return code - 0x245F if code <= 0x2473 else code - 0x2775


def _path_text(kind: str, number: str) -> str:
    if kind in ("pcn", "pnum"):
        return f"({number})"
    if kind == "rnum":
        return f"{number})"
    if kind in ("part", "chapter", "article"):
        return f"第{number}{ {'part': '部分', 'chapter': '章', 'article': '条'}[kind] }"
    return number


def detect_label(text: str) -> Label | None:
    """The label that starts text, if any (not checked against numbering; see outline)."""
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        number = m.group(1)
        if kind == "circ":
            value = _circled_value(number)
        elif kind in ("pcn", "cn", "part", "chapter", "article"):
            value = cn_to_int(number)
            if value is None or value == 0 or value > 199 or number[0] in "零〇":
                continue
        else:
            value = int(number)
            if value == 0:
                continue
        return Label(kind, value, _path_text(kind, number), m.end())
    m = _MONTH.match(text)
    if m:
        value = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
        if value and 1 <= value <= 12:
            return Label("month", value, f"{value}月", len(text))
    return None


def label_fragment_split(previous: str, line: str) -> int:
    """How many trailing characters of previous belong to a label broken off the start of line."""
    for k in range(1, 5):
        if k > len(previous):
            break
        label = detect_label(previous[-k:] + line)
        if label and label.end > k and label.kind != "month":
            own = detect_label(line)
            if own is None or label.end - k >= own.end:
                return k
    return 0
