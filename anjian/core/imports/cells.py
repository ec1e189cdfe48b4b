"""One cell read as its column's kind, and a value written so that it reads back the same.

The only copy of the cell rules every import shares: integers, decimals, dates (an Excel date
or YYYY-MM-DD), 是/否, choice labels, code lists, and the headers people retype.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation

from anjian.core.spreadsheets import cell_text

WHOLE_ROW = "（整行）"
FILE = "（文件）"
EXAMPLE_MARK = "（示例）"
BOOL_LABELS = {"是": True, "否": False}
CODE_SEPARATORS = re.compile(r"[、,，;；\s]+")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


class CellError(Exception):
    """A cell that cannot be read as its column's kind; the message says why, in Chinese."""


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row (None for the whole file), the column header and why.

    ``sheet`` names a second worksheet (管控措施); None is the spec's main sheet.
    """

    row: int | None
    column: str
    reason: str
    sheet: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The API's and the job record's form: ``RowError(**d)`` reads it back."""
        data: dict[str, Any] = {"row": self.row, "column": self.column, "reason": self.reason}
        if self.sheet:
            data["sheet"] = self.sheet
        return data


def normalise_header(text: str) -> str:
    """Compare headers ignoring spaces, a required-marker star and full-width brackets."""
    text = re.sub(r"[\s\u3000]", "", str(text or "")).rstrip("*＊")
    return text.replace("（", "(").replace("）", ")")


def parse_text(value: Any) -> str:
    return cell_text(value)


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("应为整数。")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = cell_text(value)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise CellError(f"“{text}”不是整数。")


def parse_decimal(value: Any, places: int | None = None) -> Decimal:
    if isinstance(value, bool):
        raise CellError("应为数字。")
    try:
        number = Decimal(cell_text(value))
    except InvalidOperation as error:
        raise CellError(f"“{cell_text(value)}”不是数字。") from error
    if not number.is_finite():
        raise CellError("应为数字。")
    if places is None:
        return number
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = _DATE.fullmatch(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{text}”不是有效日期：请填写Excel日期或YYYY-MM-DD（如2026-12-31）。")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text in BOOL_LABELS:
        return BOOL_LABELS[text]
    raise CellError(f"“{text}”无效：请填写“是”或“否”。")


@functools.cache
def choice_labels(choices: type[models.Choices]) -> dict[str, Any]:
    """Label → value of a choice column, in Chinese whatever the page language (files are).

    Computed once per choices class (a file asks for it on every cell); do not modify it.
    """
    with translation.override("zh-hans"):
        return {str(c.label): c.value for c in choices}


def parse_choice(value: Any, choices: type[models.Choices], header: str) -> Any:
    """The stored value of a choice cell: its label, or the value itself typed in."""
    text = cell_text(value)
    labels = choice_labels(choices)
    if text in labels:
        return labels[text]
    for choice in choices:
        if text.upper() == str(choice.value).upper():
            return choice.value
    raise CellError(f"“{text}”不是有效的{header}，可选：{'、'.join(labels)}。")


def choice_label(choices: type[models.Choices], value: Any) -> str | None:
    """The Chinese label an export writes for a stored choice value."""
    return next((label for label, v in choice_labels(choices).items() if v == value), None)


def split_codes(value: Any) -> list[str]:
    """ "2101、120202" (or commas, semicolons, spaces) → ["2101", "120202"]."""
    return [c for c in CODE_SEPARATORS.split(cell_text(value)) if c]


def plain_number(value: Decimal | float | int | str | None) -> int | float | None:
    """A Decimal as Excel should show it: 6 not 6.0, 0.5 as a float."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)
