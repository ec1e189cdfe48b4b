"""Import enterprises from .xlsx, and build the import template and the export from one spec.

The import is all-or-nothing per file: every row is checked and every problem reported with
its Excel row, column and a reason in Chinese; only a file with no problem is written, in one
transaction, each row through ``enterprise_create`` (scope-checked and audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from anjian.core.access import access_for
from anjian.core.errors import OutOfScope, PermissionDenied
from anjian.core.models import Enterprise, User
from anjian.core.services.enterprise_columns import (
    BOOL_LABELS,
    BY_FIELD,
    COLUMNS,
    HEADER_INDEX,
    TEXT_COLUMNS,
    Column,
    cell_value,
    choice_labels,
    parse_cell,
)
from anjian.core.services.enterprise_lookups import Lookups, allowed_values, example_references
from anjian.core.services.enterprises import enterprise_create
from anjian.core.spreadsheets import (
    CellError,
    ImportResult,
    RowError,
    SheetRow,
    SheetSpec,
    SpreadsheetError,
    is_blank,
    match_headers,
    read_sheet,
    xlsx_response,
)
from anjian.core.uploads import validate_spreadsheet_upload

__all__ = ["COLUMNS", "ImportResult", "RowError", "enterprise_import", "template_sheets"]

DATA_SHEET = "生产经营单位"
WHOLE_ROW = "（整行）"
FILE = "（文件）"
EXAMPLE_MARK = "（示例）"


# ---- the import ------------------------------------------------------------------------


def _validation_errors(number: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, WHOLE_ROW, m) for m in error.messages]
    out = []
    for name, messages in error.message_dict.items():
        column = BY_FIELD.get(name)
        header = column.header if column and name != NON_FIELD_ERRORS else WHOLE_ROW
        out.extend(RowError(number, header, m) for m in messages)
    return out


def _check_row(row: SheetRow, mapping: dict[str, Column], lookups: Lookups):
    data: dict = {}
    errors: list[RowError] = []
    failed: set[str] = set()
    ordered = sorted(mapping.items(), key=lambda item: Lookups.ORDER.get(item[1].kind, 0))
    for header, column in ordered:
        value = row.values.get(header)
        if is_blank(value):
            if column.required:
                errors.append(RowError(row.number, column.header, "必填，不能为空。"))
                failed.add(column.field)
            continue
        try:
            data[column.field] = parse_cell(value, column, lookups, data)
        except CellError as error:
            errors.append(RowError(row.number, column.header, str(error)))
            failed.add(column.field)
    if str(data.get("credit_code", "")).startswith(EXAMPLE_MARK):
        return data, [RowError(row.number, WHOLE_ROW, "这是模板中的示例行，请删除后再导入。")]
    # Looked-up rows were just loaded: skip the per-field "does it exist" query for them.
    resolved = {c.field for c in COLUMNS if c.kind in Lookups.KINDS}
    try:
        Enterprise(**data).full_clean(exclude=failed | resolved, validate_unique=False)
    except ValidationError as error:
        errors.extend(e for e in _validation_errors(row.number, error) if e not in errors)
    return data, errors


def _duplicate_errors(checked: list[tuple[SheetRow, dict]], by) -> list[RowError]:
    header = BY_FIELD["credit_code"].header
    rows_by_code: dict[str, list[int]] = {}
    for row, data in checked:
        code = data.get("credit_code")
        if code:
            rows_by_code.setdefault(code, []).append(row.number)
    errors = []
    for numbers in rows_by_code.values():
        for n in numbers if len(numbers) > 1 else ():
            others = "、".join(f"第{m}行" for m in numbers if m != n)
            errors.append(RowError(n, header, f"与{others}的统一社会信用代码重复。"))
    existing = set(
        Enterprise.objects.filter(credit_code__in=rows_by_code).values_list(
            "credit_code", flat=True
        )
    )
    visible = Enterprise.objects.all() if by is None else Enterprise.objects.visible_to(by)
    names = dict(visible.filter(credit_code__in=existing).values_list("credit_code", "name"))
    for code in existing:
        if code in names:
            reason = f"该统一社会信用代码已登记为“{names[code]}”。"
        else:
            reason = "该统一社会信用代码已在平台登记（不在您的管辖范围内）。"
        errors.extend(RowError(n, header, reason) for n in rows_by_code[code])
    return errors


def _create_all(checked: list[tuple[SheetRow, dict]], by) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        for row, data in checked:
            try:
                result.created.append(enterprise_create(by=by, data=data))
            except ValidationError as error:
                result.errors.extend(_validation_errors(row.number, error))
            except (PermissionDenied, OutOfScope) as error:
                result.errors.append(
                    RowError(row.number, WHOLE_ROW, f"{error}请检查属地、行业领域和行业监管部门。")
                )
            except IntegrityError:
                result.errors.append(
                    RowError(row.number, BY_FIELD["credit_code"].header, "该代码刚被他人登记。")
                )
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    return result


def enterprise_import(*, by: User | None, file) -> ImportResult:
    """Import an .xlsx of enterprises: all rows or, if any row has a problem, none."""
    if by is not None and not access_for(by).holds("enterprise.import"):
        raise PermissionDenied("您没有批量导入生产经营单位的权限。")
    try:
        validate_spreadsheet_upload(file)
        sheet = read_sheet(file, sheet=DATA_SHEET, max_rows=settings.ANJIAN_MAX_IMPORT_ROWS)
    except ValidationError as error:
        return ImportResult(errors=[RowError(None, FILE, m) for m in error.messages])
    except SpreadsheetError as error:
        return ImportResult(errors=[RowError(None, FILE, str(error))])
    mapping, errors = match_headers(sheet.headers, COLUMNS, HEADER_INDEX, key="field")
    if errors:
        return ImportResult(errors=errors)
    if not sheet.rows:
        return ImportResult(errors=[RowError(None, FILE, "文件中没有数据行（第1行为列名）。")])
    lookups = Lookups(by, sheet.rows, mapping)
    checked = []
    for row in sheet.rows:
        data, row_errors = _check_row(row, mapping, lookups)
        checked.append((row, data))
        errors.extend(row_errors)
    errors.extend(_duplicate_errors(checked, by))
    if errors:
        order = {c.header: i for i, c in enumerate(COLUMNS)}
        errors.sort(key=lambda e: (e.row or 0, order.get(e.column, len(order))))
        return ImportResult(errors=errors)
    return _create_all(checked, by)


# ---- template and export ---------------------------------------------------------------


def export_rows(queryset) -> Iterator[list]:
    """One row per enterprise, in the template's column order, read in chunks."""
    qs = queryset.select_related(
        "sector", "region", "supervising_department", "responsible_inspector"
    )
    for enterprise in qs.iterator(chunk_size=2000):
        yield [cell_value(enterprise, c) for c in COLUMNS]


def data_sheet(rows) -> SheetSpec:
    """The enterprise sheet: template headers, the given rows, codes kept as text."""
    return SheetSpec(
        title=DATA_SHEET,
        headers=[c.header for c in COLUMNS],
        rows=rows,
        widths=[c.width for c in COLUMNS],
        text_columns=TEXT_COLUMNS,
    )


def export_response(queryset):
    """Stream ``queryset`` as an .xlsx download in the template's columns."""
    return xlsx_response(data_sheet(export_rows(queryset)), stem="生产经营单位")


def _example_row(by) -> list:
    refs = example_references(by)
    example = {
        "credit_code": f"{EXAMPLE_MARK}91140222MA0L2K3H4F",
        "name": "某某化工有限公司",
        "sector": refs["sector"].name if refs["sector"] else "危险化学品",
        "industry_code": "C2614",
        "scale": "小型",
        "employee_count": 50,
        "region": refs["region"].name if refs["region"] else "某某镇",
        "address": "某某镇某某路1号",
        "longitude": Decimal("112.550000"),
        "latitude": Decimal("37.870000"),
        "supervising_department": refs["department"].name if refs["department"] else "某某局",
        "responsible_inspector": refs["inspector"].username if refs["inspector"] else "zhangsan",
        "principal_name": "张三",
        "principal_phone": "13800138000",
        "safety_manager_name": "李四",
        "safety_manager_phone": "0351-1234567",
        "licence_number": "（晋）WH安许证字〔2024〕000001号",
        "licence_expiry": dt.date(2027, 12, 31),
        "standardisation_level": "三级",
        "standardisation_expiry": dt.date(2027, 6, 30),
        "supervision_class": "B类",
        "has_liability_insurance": "是",
        "liability_insurance_expiry": dt.date(2026, 12, 31),
    }
    return [example[c.field] for c in COLUMNS]


GENERAL_NOTES = (
    "说明：",
    "1. 第1行为列名，请勿修改；第2行为示例，导入前请删除。",
    "2. 导入时逐行校验全部数据：任何一行有错误，整个文件都不会导入，请按错误清单改正后重新上传。",
    "3. 日期填写Excel日期或YYYY-MM-DD（如2026-12-31）；是否类填写“是”或“否”。",
    "4. 行业领域、属地、行业监管部门只能填写上表列出的（您管辖范围内的）；"
    "监管责任人填写该部门在岗工作人员的用户名。",
)


def _instruction_rows(by) -> Iterator[list]:
    allowed = allowed_values(by)
    for column in COLUMNS:
        if column.kind in allowed:
            values = allowed[column.kind]
        elif column.choices is not None:
            values = list(choice_labels(column))
        elif column.kind == "bool":
            values = list(BOOL_LABELS)
        else:
            values = []
        required = "必填" if column.required else "选填"
        if column.kind not in allowed:
            yield [column.header, required, column.note, "、".join(values) or None]
            continue
        # One name per row, so it can be copied into the data sheet as it is.
        yield [column.header, required, column.note, values[0] if values else "（无）"]
        yield from ([None, None, None, v] for v in values[1:])
    yield []
    yield from ([note] for note in GENERAL_NOTES)


def template_sheets(by) -> list[SheetSpec]:
    """The import template: the header row, one example row and a "填写说明" sheet."""
    return [
        data_sheet([_example_row(by)]),
        SheetSpec(
            title="填写说明",
            headers=["列名", "是否必填", "填写要求", "可选值"],
            rows=_instruction_rows(by),
            widths=[24, 10, 44, 40],
        ),
    ]
