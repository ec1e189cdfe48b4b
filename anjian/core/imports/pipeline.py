"""Read a spreadsheet against its spec and check every row in bulk, writing nothing.

``check`` reads the file, matches the headers, reads each cell as its column's kind,
resolves names with one query per column (``lookups``), finds the rows that key columns
name (one query), reports duplicates in the file, builds each row as its model would be
saved and validates it (``full_clean`` without the foreign keys already resolved), and
checks in Python that the importer may add or change it (``Access.allows``). Every problem
becomes a ``RowError`` (row, column, reason in Chinese). ``preview`` shows the result;
``writer.write`` writes a clean plan.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Generic

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models

from anjian.core import audit
from anjian.core.access import Access, access_for
from anjian.core.errors import PermissionDenied
from anjian.core.imports.cells import (
    EXAMPLE_MARK,
    FILE,
    WHOLE_ROW,
    CellError,
    RowError,
    normalise_header,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
)
from anjian.core.imports.lookups import Lookup
from anjian.core.imports.result import ImportResult, PreviewRow, SheetCounts, file_error
from anjian.core.imports.spec import ChildSpec, Column, ImportSpec, M, Row
from anjian.core.spreadsheets import SheetData, SpreadsheetError, cell_text, is_blank, read_sheets
from anjian.core.uploads import validate_spreadsheet_upload

if TYPE_CHECKING:
    from anjian.core.models import User

Progress = Callable[[int, int], None]
Sheets = dict[str | None, SheetData]
"""The sheets of a file read for a spec, by name (``read``)."""
PROGRESS_EVERY = 500
PREVIEW_ROWS = 20


@dataclass
class Plan(Generic[M]):
    """A checked file: its rows (each knows whether it is created, updated or unchanged)."""

    spec: ImportSpec[M]
    by: User | None
    rows: list[Row[M]] = field(default_factory=list)
    children: list[tuple[ChildSpec[Any, Any], list[Row[Any]]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    def result(self) -> ImportResult:
        """What writing this plan does: created, updated and unchanged rows per sheet."""
        result = ImportResult(errors=self.errors, total=self.total)
        if self.errors:
            return result
        result.created = [r.built for r in self.rows if r.action == "create"]
        result.updated = [r.built for r in self.rows if r.action == "update"]
        result.unchanged = sum(1 for r in self.rows if r.action == "unchanged")
        for child, rows in self.children:
            result.children[child.sheet] = SheetCounts(
                created=sum(1 for r in rows if r.action == "create"),
                unchanged=sum(1 for r in rows if r.action == "unchanged"),
            )
        return result


def read(spec: ImportSpec[Any], file: IO[bytes] | None) -> tuple[Sheets, list[RowError]]:
    """The spec's sheets of an uploaded file, or the file-level problem."""
    try:
        upload = validate_spreadsheet_upload(file)
        names = [spec.sheet, *(child.sheet for child in spec.children)]
        return read_sheets(upload, names, max_rows=settings.ANJIAN_MAX_IMPORT_ROWS), []
    except ValidationError as error:
        return {}, [RowError(None, FILE, message) for message in error.messages]
    except SpreadsheetError as error:
        return {}, [RowError(None, FILE, str(error))]


def match_headers(
    headers: list[str], spec: ImportSpec[Any], sheet: str | None = None
) -> tuple[dict[str, Column], list[RowError]]:
    """Map each header of row 1 to its column; unknown, repeated and missing required
    headers are errors on row 1."""
    index = spec.header_index()
    mapping: dict[str, Column] = {}
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    for header in headers:
        if not header:
            continue
        column = index.get(normalise_header(header))
        if column is None:
            errors.append(RowError(1, header, "无法识别的列名，请使用导入模板中的列名。", sheet))
        elif column.field in seen:
            errors.append(RowError(1, header, f"与“{seen[column.field]}”列重复。", sheet))
        else:
            seen[column.field] = header
            if not column.export_only:
                mapping[header] = column
    for column in spec.import_columns():
        if column.required and column.field not in seen:
            errors.append(RowError(1, column.header, "缺少必填列。", sheet))
    return mapping, errors


def require_permission(spec: ImportSpec[Any], by: User | None) -> None:
    if by is not None and not access_for(by).holds(spec.permission):
        raise PermissionDenied(f"您没有批量导入{spec.verbose_name}的权限。")


def check(
    spec: ImportSpec[M],
    *,
    by: User | None,
    file: IO[bytes] | None = None,
    sheets: Sheets | None = None,
    progress: Progress | None = None,
) -> Plan[M]:
    """Read (unless ``sheets`` were read already) and check every row; write nothing."""
    from anjian.core.imports.children import check_children

    require_permission(spec, by)
    plan = Plan(spec, by)
    if sheets is None:
        sheets, plan.errors = read(spec, file)
        if plan.errors:
            return plan
    main = sheets[spec.sheet]
    mapping, plan.errors = match_headers(main.headers, spec)
    if plan.errors:
        return plan
    if not main.rows:
        plan.errors = file_error("文件中没有数据行（第1行为列名）。").errors
        return plan
    access, ctx = access_for(by), {"by": by, **spec.context(by)}
    plan.rows = parse_rows(spec, by, main, mapping)
    attach_existing(spec, plan.rows, access)
    report_duplicates(spec, plan.rows)
    for done, row in enumerate(plan.rows, start=1):
        if not row.action:
            build(spec, row, ctx, access)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, plan.total)
    header_errors = check_children(plan, sheets, access, ctx)
    errors = [e for r in plan.rows for e in r.errors]
    errors += [e for _child, rows in plan.children for r in rows for e in r.errors]
    plan.errors = sort_errors(spec, header_errors + errors)
    return plan


def sort_errors(spec: ImportSpec[Any], errors: list[RowError]) -> list[RowError]:
    sheets = [None, *(child.sheet for child in spec.children)]
    # A main-sheet header, or (sheet, header) of a child sheet → its column's position.
    order: dict[Hashable, int] = {c.header: i for i, c in enumerate(spec.columns)}
    for child in spec.children:
        order |= {(child.sheet, c.header): i for i, c in enumerate(child.columns)}

    def key(e: RowError) -> tuple[int, int, int]:
        column = order.get((e.sheet, e.column) if e.sheet else e.column, len(order))
        return (sheets.index(e.sheet) if e.sheet in sheets else 0, e.row or 0, column)

    return sorted(errors, key=key)


# ---- cells ---------------------------------------------------------------------------


def parse_rows(
    spec: ImportSpec[M],
    by: User | None,
    data: SheetData,
    mapping: dict[str, Column],
    sheet: str | None = None,
) -> list[Row[M]]:
    """Each row's cells read as their column's kind; names resolved in bulk per column.

    ``sheet`` names a second worksheet in the rows' errors (None: the main sheet).
    """
    rows: list[Row[M]] = [
        Row(sheet, r.number, {c.field: r.values.get(h) for h, c in mapping.items()})
        for r in data.rows
    ]
    columns = sorted(mapping.values(), key=lambda c: c.lookup.order if c.lookup else 0)
    lookups: dict[str, Lookup] = {}
    for column in columns:
        if column.lookup is not None:
            texts = {cell_text(r.cells[column.field]) for r in rows}
            lookups[column.field] = column.lookup(by)
            lookups[column.field].load(texts - {""})
    places = {c.field: decimal_places(spec.model, c) for c in columns if c.kind == "decimal"}
    for row in rows:
        if any(
            isinstance(v, str) and v.lstrip().startswith(EXAMPLE_MARK) for v in row.cells.values()
        ):
            row.fail(WHOLE_ROW, "这是模板中的示例行，请删除后再导入。")
            row.action = "example"
            continue
        for column in columns:
            parse_cell(row, column, lookups, places)
    return rows


def decimal_places(model: type[models.Model], column: Column) -> int | None:
    if column.places is not None:
        return column.places
    try:
        return getattr(model._meta.get_field(column.field), "decimal_places", None)
    except FieldDoesNotExist:
        return None  # a column the spec's build reads itself (L, E, C, S)


def parse_cell(
    row: Row[Any], column: Column, lookups: dict[str, Lookup], places: dict[str, int | None]
) -> None:
    raw = row.cells.get(column.field)
    if is_blank(raw):
        if column.required:
            row.fail(column.header, "必填，不能为空。")
            row.failed.add(column.field)
        else:
            row.blank.add(column.field)
        return
    try:
        row.values[column.field] = _value(raw, column, lookups, places, row.values)
    except CellError as error:
        row.fail(column.header, str(error))
        row.failed.add(column.field)


def _value(
    raw: Any,
    column: Column,
    lookups: dict[str, Lookup],
    places: dict[str, int | None],
    values: dict[str, Any],
) -> Any:
    kind = column.kind
    if kind == "text":
        text = cell_text(raw)
        return column.normalise(text) if column.normalise else text
    if kind == "int":
        return parse_int(raw)
    if kind == "decimal":
        return parse_decimal(raw, places.get(column.field))
    if kind == "date":
        return parse_date(raw)
    if kind == "bool":
        return parse_bool(raw)
    if kind == "choice":
        return parse_choice(raw, column.choices_class, column.header)
    return lookups[column.field].resolve(cell_text(raw), values)


# ---- rows ----------------------------------------------------------------------------


def attach_existing(spec: ImportSpec[M], rows: list[Row[M]], access: Access) -> None:
    """Rows whose key names a stored row update it, if the importer may change it."""
    if spec.key is None:
        return
    key = spec.key
    header = spec.declared_column(key).header
    keyed = [r for r in rows if key in r.values]
    found = spec.load_existing({r.values[key] for r in keyed}) if keyed else {}
    for row in keyed:
        obj = found.get(row.values[key])
        if obj is None:
            if not spec.key_creates:
                row.fail(header, spec.missing_key(row.values[key]))
                row.failed.add(key)
            continue
        refusal = spec.refuse_existing(obj, access)
        if refusal:
            row.fail(header, refusal)
            row.failed.add(key)
            continue
        row.existing, row.before = obj, audit.snapshot(obj)


def report_duplicates(spec: ImportSpec[M], rows: list[Row[M]]) -> None:
    """Two rows of the file with the same key: both are named, each pointing at the other."""
    if spec.key is None:
        return
    header = spec.declared_column(spec.key).header
    by_value: dict[Any, list[Row[M]]] = {}
    for row in rows:
        if spec.key in row.values:
            by_value.setdefault(row.values[spec.key], []).append(row)
    for same in by_value.values():
        for row in same if len(same) > 1 else ():
            others = "、".join(f"第{o.number}行" for o in same if o is not row)
            row.fail(header, f"与{others}的{header}重复。")


def build(spec: ImportSpec[M], row: Row[M], ctx: dict[str, Any], access: Access) -> None:
    """The row as it would be saved, validated, and its scope checked (no query)."""
    try:
        spec.build(row, ctx, access)
    except ValidationError as error:
        model_errors(spec, row, error)
        return
    if row.errors:
        return
    hint = spec.scope_hint
    if row.existing is None:
        if access.allows("add", row.built):
            row.action = "create"
        else:
            row.fail(spec.scope_column, f"不能在您的管辖范围之外新建{spec.verbose_name}。{hint}")
    elif not row.changes:
        row.action = "unchanged"
    elif access.allows("change", row.built):
        row.action = "update"
    else:
        row.fail(spec.scope_column, f"修改后该{spec.verbose_name}将超出您的管辖范围。{hint}")


def model_errors(spec: ImportSpec[M], row: Row[M], error: ValidationError) -> None:
    """A model's errors by field, under their column; a cell's own problem is not repeated."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            row.fail(WHOLE_ROW, message)
        return
    taken = {e.column for e in row.errors}
    for name, messages in error.message_dict.items():
        header = WHOLE_ROW if name == NON_FIELD_ERRORS else spec.header_for(name, row)
        if header in taken and header != WHOLE_ROW:
            continue
        for message in messages:
            row.fail(header, message)


# ---- preview -------------------------------------------------------------------------


def preview(
    spec: ImportSpec[Any],
    *,
    by: User | None,
    file: IO[bytes] | None = None,
    sheets: Sheets | None = None,
    limit: int = PREVIEW_ROWS,
) -> ImportResult:
    """Check the file and say what committing it would do; the first rows, or every error."""
    plan = check(spec, by=by, file=file, sheets=sheets)
    result = plan.result()
    result.preview = True
    if not result.ok:
        return result
    columns = spec.import_columns()
    result.headers = [c.header for c in columns]
    for row in plan.rows[:limit]:
        changed = list(dict.fromkeys(spec.header_for(n, row) for n in _in_order(spec, row)))
        cells = [_shown(row.cells.get(c.field)) for c in columns]
        result.rows.append(PreviewRow(None, row.number, row.action, cells, changed))
    return result


def _shown(value: Any) -> str:
    return "" if value is None else cell_text(value)


def _in_order(spec: ImportSpec[M], row: Row[M]) -> list[str]:
    order = {c.field: i for i, c in enumerate(spec.columns)}
    return sorted(row.changes, key=lambda name: (order.get(name, len(order)), name))
