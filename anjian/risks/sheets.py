"""Risk points in .xlsx: the import template, the all-or-nothing import and the export.

One column spec serves all three, so an exported file imports back. The import reports every
problem with its Excel row, column and a reason in Chinese, and writes nothing unless the
whole file is clean; each row goes through ``risk_point_create`` (scoped and audited).
Hazard factors (GB/T 13861) and accident types (GB 6441) are given by code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from anjian.core.access import access_for
from anjian.core.errors import OutOfScope, PermissionDenied
from anjian.core.models import AccidentCategory, Enterprise, User
from anjian.core.spreadsheets import (
    CellError,
    ImportResult,
    RowError,
    SheetSpec,
    SpreadsheetError,
    cell_text,
    is_blank,
    match_headers,
    normalise_header,
    read_sheet,
    xlsx_response,
)
from anjian.core.uploads import validate_spreadsheet_upload
from anjian.core.validators import normalise_credit_code
from anjian.risks.models import HazardFactorCategory, LecFactor, LsScale, RiskMethod, RiskPoint
from anjian.risks.selectors import enterprises_for
from anjian.risks.services.assessment import INPUT_FIELDS, Assessor
from anjian.risks.services.risk_points import risk_point_create

DATA_SHEET = "风险点"
WHOLE_ROW = "（整行）"
FILE = "（文件）"
EXAMPLE_MARK = "（示例）"
CODE_SEPARATORS = re.compile(r"[、,，;；\s]+")


@dataclass(frozen=True)
class Column:
    """One column: header, what it holds, whether the file must have it, and a note."""

    header: str
    key: str
    required: bool = False
    note: str = ""
    width: float | None = None
    export_only: bool = False  # written by the export, ignored by the import


COLUMNS: tuple[Column, ...] = (
    Column("统一社会信用代码", "enterprise", True, "所属单位的18位代码，须在您的管辖范围内", 24),
    Column("单位名称", "enterprise_name", note="仅供核对，导入时不读取", width=28),
    Column("风险点名称", "name", True, width=20),
    Column("场所/部位", "place", True, width=18),
    Column("作业活动/设备设施", "activity", True, width=20),
    Column(
        "危险和有害因素代码",
        "hazard_factors",
        True,
        "GB/T 13861代码，多个用顿号或逗号分隔，如“2101、120202”",
        22,
    ),
    Column("事故类型代码", "accident_types", True, "GB 6441代码，多个用顿号分隔，如“08、19”", 16),
    Column("评价方法", "method", True, "LEC 或 LS"),
    Column("L", "L", True, "LEC：事故发生的可能性；LS：可能性(1–5)", 8),
    Column("E", "E", False, "LEC：暴露频繁程度；LS法留空", 8),
    Column("C", "C", False, "LEC：后果严重程度；LS法留空", 8),
    Column("S", "S", False, "LS：严重性(1–5)；LEC法留空", 8),
    Column("管控责任人", "responsible_name", True),
    Column("责任人电话", "responsible_phone", note="11位手机号或“区号-号码”"),
    Column("下次评估日期", "next_review_on", note="Excel日期或YYYY-MM-DD；空白为一年后"),
    Column("风险值", "score", note="由平台计算，导入时不读取", export_only=True),
    Column("风险等级", "level", note="由平台计算，导入时不读取", export_only=True),
    Column("颜色", "colour", note="由平台计算，导入时不读取", export_only=True),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADER_INDEX = {normalise_header(c.header): c for c in COLUMNS}
TEXT_COLUMNS = frozenset(
    i
    for i, c in enumerate(COLUMNS)
    if c.key in {"enterprise", "hazard_factors", "accident_types", "responsible_phone"}
)
TEXT_KEYS = ("name", "place", "activity", "responsible_name", "responsible_phone")


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


class Lookups:
    """What the cells name, loaded once per file: enterprises, codes, scales and bands."""

    def __init__(self, by: User | None, rows):
        codes = {
            normalise_credit_code(cell_text(r.values.get(BY_KEY["enterprise"].header) or ""))
            for r in rows
        }
        allowed = enterprises_for(by, "add")
        self.enterprises = {e.credit_code: e for e in allowed.filter(credit_code__in=codes)}
        self.known_codes = set(
            Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
        )
        self.hazard_factors = {h.code: h for h in HazardFactorCategory.objects.all()}
        self.accident_types = {a.code: a for a in AccidentCategory.objects.all()}
        self.assessor = Assessor.load()

    def enterprise(self, value) -> Enterprise:
        code = normalise_credit_code(cell_text(value))
        if code in self.enterprises:
            return self.enterprises[code]
        if code in self.known_codes:
            raise CellError(f"单位“{code}”不在您的管辖范围内，不能为其登记风险点。")
        raise CellError(f"平台中没有统一社会信用代码为“{code}”的单位，请先登记该单位。")

    def codes(self, value, table: dict, label: str, example: str) -> list:
        found, unknown = [], []
        for code in (c for c in CODE_SEPARATORS.split(cell_text(value)) if c):
            if table is self.accident_types and code.isdigit() and len(code) == 1:
                code = code.zfill(2)  # Excel turned "05" into 5
            if code in table:
                found.append(table[code])
            else:
                unknown.append(code)
        if unknown:
            raise CellError(f"{label}代码“{'、'.join(unknown)}”不存在，请填写如“{example}”的代码。")
        return found


def _parse_row(row, mapping: dict[str, Column], lookups: Lookups) -> tuple[dict, list[RowError]]:
    cells = {column.key: row.values.get(header) for header, column in mapping.items()}
    data: dict = {}
    errors: list[RowError] = []

    def fail(key: str, reason: str) -> None:
        errors.append(RowError(row.number, BY_KEY[key].header, reason))

    if cell_text(cells.get("enterprise") or "").startswith(EXAMPLE_MARK):
        return data, [RowError(row.number, WHOLE_ROW, "这是模板中的示例行，请删除后再导入。")]
    for key in ("enterprise", "hazard_factors", "accident_types", "method"):
        if BY_KEY[key].required and is_blank(cells.get(key)):
            fail(key, "必填，不能为空。")
    try:
        if not is_blank(cells.get("enterprise")):
            data["enterprise"] = lookups.enterprise(cells["enterprise"])
    except CellError as error:
        fail("enterprise", str(error))
    for key, table, label, example in (
        ("hazard_factors", lookups.hazard_factors, "危险和有害因素", "2101"),
        ("accident_types", lookups.accident_types, "事故类型", "08"),
    ):
        if not is_blank(cells.get(key)):
            try:
                data[key] = lookups.codes(cells[key], table, label, example)
            except CellError as error:
                fail(key, str(error))
    for key in TEXT_KEYS:
        if not is_blank(cells.get(key)):
            data[key] = cell_text(cells[key])
    if not is_blank(cells.get("next_review_on")):
        try:
            data["next_review_on"] = _date(cells["next_review_on"])
        except CellError as error:
            fail("next_review_on", str(error))
    method = cell_text(cells.get("method") or "").upper()
    if method:
        data["method"] = method
        for axis, name in INPUT_FIELDS.get(method, {}).items():
            value = cells.get(axis)
            data[name] = None if is_blank(value) else cell_text(value)
    return data, errors


def _field_header(name: str, method: str | None) -> str:
    for axis, field_name in INPUT_FIELDS.get(method, {}).items():
        if field_name == name:
            return axis
    column = BY_KEY.get(name)
    return column.header if column and name != NON_FIELD_ERRORS else WHOLE_ROW


def _create_all(parsed, by, lookups: Lookups) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        for row, data, row_errors in parsed:
            taken = {e.column for e in row_errors}
            try:
                if "enterprise" not in data:
                    raise ValidationError({})
                result.created.append(
                    risk_point_create(by=by, data=data, assessor=lookups.assessor)
                )
            except ValidationError as error:
                for name, messages in getattr(error, "message_dict", {}).items():
                    header = _field_header(name, data.get("method"))
                    if header in taken:
                        continue  # the cell's own problem is already reported
                    result.errors.extend(RowError(row.number, header, m) for m in messages)
            except (PermissionDenied, OutOfScope) as error:
                result.errors.append(RowError(row.number, WHOLE_ROW, str(error)))
            result.errors.extend(row_errors)
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    order = {c.header: i for i, c in enumerate(COLUMNS)}
    result.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, len(order))))
    return result


def risk_point_import(*, by: User | None, file) -> ImportResult:
    """Import an .xlsx of risk points: every row or, if any row has a problem, none."""
    if by is not None and not access_for(by).holds("riskpoint.import"):
        raise PermissionDenied("您没有批量导入风险点的权限。")
    try:
        validate_spreadsheet_upload(file)
        sheet = read_sheet(file, sheet=DATA_SHEET, max_rows=settings.ANJIAN_MAX_IMPORT_ROWS)
    except ValidationError as error:
        return ImportResult(errors=[RowError(None, FILE, m) for m in error.messages])
    except SpreadsheetError as error:
        return ImportResult(errors=[RowError(None, FILE, str(error))])
    mapping, errors = match_headers(sheet.headers, COLUMNS, HEADER_INDEX, key="key")
    if errors:
        return ImportResult(errors=errors)
    if not sheet.rows:
        return ImportResult(errors=[RowError(None, FILE, "文件中没有数据行（第1行为列名）。")])
    lookups = Lookups(by, sheet.rows)
    parsed = []
    for row in sheet.rows:
        data, row_errors = _parse_row(row, mapping, lookups)
        parsed.append((row, data, row_errors))
    return _create_all(parsed, by, lookups)


# ---- template and export ---------------------------------------------------------------


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def _export_row(point: RiskPoint) -> list:
    inputs = point.inputs()
    values = {
        "enterprise": point.enterprise.credit_code,
        "enterprise_name": point.enterprise.name,
        "name": point.name,
        "place": point.place,
        "activity": point.activity,
        "hazard_factors": "、".join(h.code for h in point.hazard_factors.all()),
        "accident_types": "、".join(a.code for a in point.accident_types.all()),
        "method": point.method,
        "L": _number(inputs.get("L")),
        "E": _number(inputs.get("E")),
        "C": _number(inputs.get("C")),
        "S": _number(inputs.get("S")),
        "responsible_name": point.responsible_name,
        "responsible_phone": point.responsible_phone or None,
        "next_review_on": point.next_review_on,
        "score": _number(point.score),
        "level": point.level_name,
        "colour": point.get_colour_display(),
    }
    return [values[c.key] for c in COLUMNS]


def export_rows(queryset) -> Iterator[list]:
    """One row per risk point in the template's columns (two prefetch queries per chunk)."""
    qs = queryset.select_related("enterprise").prefetch_related("hazard_factors", "accident_types")
    for point in qs.iterator(chunk_size=1000):
        yield _export_row(point)


def data_sheet(rows) -> SheetSpec:
    return SheetSpec(
        title=DATA_SHEET,
        headers=[c.header for c in COLUMNS],
        rows=rows,
        widths=[c.width for c in COLUMNS],
        text_columns=TEXT_COLUMNS,
    )


def export_response(queryset):
    """Stream ``queryset`` as .xlsx in the template's columns (the import reads it back)."""
    return xlsx_response(data_sheet(export_rows(queryset)), stem="风险点")


def _example_row(by) -> list:
    enterprise = enterprises_for(by, "add").order_by("name").first()
    example = {
        "enterprise": EXAMPLE_MARK
        + (enterprise.credit_code if enterprise else "91140222MA0L2K3H4F"),
        "enterprise_name": enterprise.name if enterprise else "某某化工有限公司",
        "name": "液氨储罐区",
        "place": "储罐区",
        "activity": "液氨储存、装卸",
        "hazard_factors": "22、2101",
        "accident_types": "19、08",
        "method": "LEC",
        "L": 6,
        "E": 6,
        "C": 7,
        "S": None,
        "responsible_name": "张三",
        "responsible_phone": "13800138000",
        "next_review_on": dt.date(2027, 6, 30),
        "score": None,
        "level": None,
        "colour": None,
    }
    return [example[c.key] for c in COLUMNS]


GENERAL_NOTES = (
    "说明：",
    "1. 第1行为列名，请勿修改；第2行为示例，导入前请删除。",
    "2. 导入时逐行校验全部数据：任何一行有错误，整个文件都不会导入，请按错误清单改正后重新上传。",
    "3. 风险值、风险等级和颜色由平台按评价方法和分值表计算，不需填写"
    "（导出文件中的这三列导入时忽略）。",
    "4. LEC法填写L、E、C（D=L×E×C）；LS法填写L、S（R=L×S），取值只能是下表列出的值。",
)


def _instruction_rows(by) -> Iterator[list]:
    for column in COLUMNS:
        required = "必填" if column.required else ("—" if column.export_only else "选填")
        yield [column.header, required, column.note, None]
    yield []
    yield ["评价方法", None, None, "、".join(RiskMethod.values)]
    for f in LecFactor.objects.order_by("factor", "-score"):
        yield [f"LEC {f.factor}", None, f.description, _number(f.score)]
    for s in LsScale.objects.order_by("axis", "-value"):
        yield [f"LS {s.axis}", None, s.description, s.value]
    for a in AccidentCategory.objects.order_by("code"):
        yield ["事故类型代码", None, a.name, a.code]
    for h in HazardFactorCategory.objects.order_by("code"):
        yield ["危险和有害因素代码", None, h.name, h.code]
    for e in enterprises_for(by, "add").order_by("name")[:500]:
        yield ["可登记的单位", None, e.name, e.credit_code]
    yield []
    yield from ([note] for note in GENERAL_NOTES)


def template_sheets(by) -> list[SheetSpec]:
    """The import template: headers, one example row and a "填写说明" sheet of allowed values."""
    return [
        data_sheet([_example_row(by)]),
        SheetSpec(
            title="填写说明",
            headers=["列名/项目", "是否必填", "填写要求/含义", "可选值/代码"],
            rows=_instruction_rows(by),
            widths=[22, 10, 44, 24],
            text_columns=frozenset({3}),
        ),
    ]
