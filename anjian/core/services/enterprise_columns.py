"""The enterprise spreadsheet columns: one spec for the import template, the import and export.

Each column names its Chinese header, the model field and how a cell is read (``parse_cell``)
and written (``cell_value``), so a file exported today imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import models
from django.utils import translation

from anjian.core.models import Enterprise, EnterpriseScale, StandardisationLevel, SupervisionClass
from anjian.core.spreadsheets import CellError, cell_text, is_blank, normalise_header  # noqa: F401
from anjian.core.validators import normalise_credit_code

if TYPE_CHECKING:
    from anjian.core.services.enterprise_lookups import Lookups


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its header, the model field and how a cell is read."""

    header: str
    field: str
    kind: str  # text, int, decimal, date, bool, choice, sector, region, department, inspector
    required: bool = False
    choices: type[models.Choices] | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""
    width: float | None = None


COLUMNS: tuple[Column, ...] = (
    Column("统一社会信用代码", "credit_code", "text", True, note="18位", width=24),
    Column("单位名称", "name", "text", True, width=30),
    Column("行业领域", "sector", "sector", True, note="填写行业领域名称"),
    Column("国民经济行业代码", "industry_code", "text", note="GB/T 4754-2017，如C2614"),
    Column("企业规模", "scale", "choice", True, choices=EnterpriseScale),
    Column("从业人数", "employee_count", "int", note="整数，空白按0计"),
    Column(
        "属地",
        "region",
        "region",
        True,
        aliases=("属地(乡镇)",),
        note="乡镇名称、全称或区划代码，须在您的管辖范围内",
    ),
    Column("地址", "address", "text", True, width=36),
    Column("经度", "longitude", "decimal", note="小数，最多6位小数"),
    Column("纬度", "latitude", "decimal", note="小数，最多6位小数"),
    Column(
        "行业监管部门",
        "supervising_department",
        "department",
        True,
        note="部门全称、简称或别名，须在您的管辖范围内",
        width=20,
    ),
    Column(
        "监管责任人",
        "responsible_inspector",
        "inspector",
        True,
        note="用户名（登录名），须为行业监管部门的在岗工作人员",
    ),
    Column("主要负责人", "principal_name", "text", True),
    Column("主要负责人电话", "principal_phone", "text", True, note="11位手机号或“区号-号码”"),
    Column("安全管理人员", "safety_manager_name", "text"),
    Column("安全管理人员电话", "safety_manager_phone", "text", note="11位手机号或“区号-号码”"),
    Column("安全生产许可证号", "licence_number", "text", width=22),
    Column("许可证有效期至", "licence_expiry", "date", note="Excel日期或YYYY-MM-DD"),
    Column(
        "标准化等级",
        "standardisation_level",
        "choice",
        choices=StandardisationLevel,
        note="空白按未定级计",
    ),
    Column("标准化有效期至", "standardisation_expiry", "date", note="Excel日期或YYYY-MM-DD"),
    Column(
        "监管类别",
        "supervision_class",
        "choice",
        choices=SupervisionClass,
        aliases=("分类分级监管类别",),
    ),
    Column("已投保安全生产责任保险", "has_liability_insurance", "bool", aliases=("安责险",)),
    Column("责任保险有效期至", "liability_insurance_expiry", "date", note="Excel日期或YYYY-MM-DD"),
)
BY_FIELD = {c.field: c for c in COLUMNS}
TEXT_COLUMNS = frozenset(i for i, c in enumerate(COLUMNS) if c.kind == "text")
BOOL_LABELS = {"是": True, "否": False}


HEADER_INDEX = {normalise_header(h): c for c in COLUMNS for h in (c.header, *c.aliases)}


def _int(value) -> int:
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


def _decimal(value, column: Column) -> Decimal:
    if isinstance(value, bool):
        raise CellError("应为数字。")
    try:
        number = Decimal(cell_text(value))
    except InvalidOperation as error:
        raise CellError(f"“{cell_text(value)}”不是数字。") from error
    if not number.is_finite():
        raise CellError("应为数字。")
    places = Enterprise._meta.get_field(column.field).decimal_places
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{text}”不是有效日期：请填写Excel日期或YYYY-MM-DD（如2026-12-31）。")


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text in BOOL_LABELS:
        return BOOL_LABELS[text]
    raise CellError(f"“{text}”无效：请填写“是”或“否”。")


def choice_labels(column: Column) -> dict[str, str]:
    """Label → value of a choice column, in Chinese whatever the page language (files are)."""
    with translation.override("zh-hans"):
        return {str(c.label): c.value for c in column.choices}


def _choice(value, column: Column) -> str:
    text = cell_text(value)
    labels = choice_labels(column)
    if text in labels:
        return labels[text]
    for choice in column.choices:
        if text.upper() == str(choice.value).upper():
            return choice.value
    raise CellError(f"“{text}”不是有效的{column.header}，可选：{'、'.join(labels)}。")


def parse_cell(value, column: Column, lookups: Lookups, data: dict):
    """The model value of one non-blank cell, or ``CellError`` saying what is wrong."""
    kind = column.kind
    if kind == "text":
        return (
            normalise_credit_code(cell_text(value))
            if column.field == "credit_code"
            else cell_text(value)
        )
    if kind == "int":
        return _int(value)
    if kind == "decimal":
        return _decimal(value, column)
    if kind == "date":
        return _date(value)
    if kind == "bool":
        return _bool(value)
    if kind == "choice":
        return _choice(value, column)
    found, problem = lookups.resolve(kind, cell_text(value), data)
    if problem:
        raise CellError(problem)
    return found


def cell_value(enterprise: Enterprise, column: Column):
    """The spreadsheet value of one field, written so the import reads it back unchanged."""
    value = getattr(enterprise, column.field)
    if value is None or value == "":
        return None
    if column.kind == "choice":
        return next(label for label, v in choice_labels(column).items() if v == value)
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "sector":
        return value.name
    if column.kind == "region":
        return value.full_name or value.name
    if column.kind == "department":
        return value.name
    if column.kind == "inspector":
        return value.username
    return value
