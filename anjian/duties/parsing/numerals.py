"""Chinese and Arabic numerals: 十二 → 12, 二〇二五 → 2025, "１２" → 12."""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}

# A regex fragment for one number written either way ("12", "十二", "两").
NUMBER = r"(?:\d+(?:\.\d+)?|[零〇○一二两三四五六七八九十百千]+)"
CN_CHARS = "零〇○一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int | None:
    """Read a Chinese numeral (十二, 二十一, 一百零五, 二〇二五); None if it is not one."""
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if not any(ch in UNITS for ch in text):
        # digit by digit, as in years: 二〇二五
        value = 0
        for ch in text:
            value = value * 10 + DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            total += (current or 1) * UNITS[ch]
            current = 0
    return total + current


def to_number(text: str) -> float | None:
    """Read an Arabic or Chinese number; None if it is neither."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    value = cn_to_int(text)
    return float(value) if value is not None else None


def to_int(text: str) -> int | None:
    """Read an Arabic or Chinese whole number; None if it is neither."""
    value = to_number(text)
    return int(value) if value is not None and value == int(value) else None


def plain(value: float) -> int | float:
    """Give 10.0 as 10 and keep 12.5 as it is, for JSON output."""
    return int(value) if value == int(value) else value


def cn_format(value: int) -> str:
    """Write 1–99 in Chinese numerals as outline labels do: 一, 十, 十一, 二十一."""
    digits = "零一二三四五六七八九"
    if value <= 0 or value >= 100:
        return str(value)
    tens, ones = divmod(value, 10)
    if tens == 0:
        return digits[ones]
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
