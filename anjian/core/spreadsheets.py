"""Write and read plain .xlsx tables: a header row, then one record per row.

Writing uses openpyxl's write-only mode, so an export of many rows streams to a temporary
file instead of building the whole workbook in memory; reading uses calamine. Nothing here
knows about any model.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import ColumnDimension
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_FORMAT = "@"
# A workbook is a zip; refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message says why, in Chinese."""


@dataclass
class SheetSpec:
    """One worksheet to write: title, header row, data rows and optional layout hints.

    ``widths`` overrides the width guessed from each header; ``text_columns`` are the
    0-based columns Excel should keep as text (codes and phone numbers with many digits).
    """

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float | None] = ()
    text_columns: frozenset[int] = field(default_factory=frozenset)
    freeze_header: bool = True


def display_width(text: str) -> int:
    """Columns a string takes on screen: Chinese characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _column_width(header: str, hint: float | None) -> float:
    if hint:
        return hint
    return float(min(max(display_width(header) + 4, 10), 40))


def _write_sheet(wb: Workbook, spec: SheetSpec) -> None:
    ws = wb.create_sheet(title=spec.title[:31])
    for i, header in enumerate(spec.headers):
        letter = get_column_letter(i + 1)
        hint = spec.widths[i] if i < len(spec.widths) else None
        ws.column_dimensions[letter] = ColumnDimension(
            ws, index=letter, width=_column_width(header, hint)
        )
        if i in spec.text_columns:
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
    if spec.freeze_header:
        ws.freeze_panes = "A2"
    header_cells = []
    for header in spec.headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header_cells.append(cell)
    ws.append(header_cells)
    for row in spec.rows:
        if spec.text_columns:
            row = [
                _text_cell(ws, v) if i in spec.text_columns and v not in (None, "") else v
                for i, v in enumerate(row)
            ]
        ws.append(row)


def _text_cell(ws: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = WriteOnlyCell(ws, value=str(value))
    cell.number_format = TEXT_FORMAT
    return cell


def build_xlsx(*sheets: SheetSpec) -> IO[bytes]:
    """Write the sheets to a temporary .xlsx file and return it, rewound, ready to stream."""
    wb = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(wb, spec)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    wb.save(out)
    out.seek(0)
    return out


def xlsx_response(*sheets: SheetSpec, stem: str) -> FileResponse:
    """Build the sheets and stream them as a download named ``<stem>_<YYYYMMDD>.xlsx``."""
    filename = f"{stem}_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        build_xlsx(*sheets), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


@dataclass
class SheetRow:
    """One data row: its 1-based Excel row number and its values keyed by header."""

    number: int
    values: dict[str, Any]


@dataclass
class SheetData:
    """A worksheet read as a table: the header row (1-based column order) and the data rows."""

    title: str
    headers: list[str]
    rows: list[SheetRow]


def _clean_header(value: Any) -> str:
    return "" if value is None else str(value).strip()


def is_blank(value: Any) -> bool:
    """An empty cell: None or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without ".0", dates as YYYY-MM-DD, stripped."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_sheet(f: IO[bytes], *, sheet: str | None = None, max_rows: int | None = None) -> SheetData:
    """Read one sheet into dicts keyed by header (row 1), skipping blank rows.

    ``sheet`` names the sheet to read when the workbook has it; otherwise the first sheet is
    read. Raises ``SpreadsheetError`` for a file that is not a readable workbook or one with
    more than ``max_rows`` data rows (reading stops there, whatever the file claims).
    """
    return read_sheets(f, [sheet], max_rows=max_rows)[sheet]


def read_sheets(
    f: IO[bytes], names: Sequence[str | None], *, max_rows: int | None = None
) -> dict[str | None, SheetData]:
    """Read several sheets of one workbook at once: name → ``SheetData``.

    The first name falls back to the first sheet when the workbook has no sheet of that name;
    the others are left out when missing. ``max_rows`` applies to each sheet.

    Reading uses calamine (Rust, through python-calamine): about ten times faster than
    openpyxl's read-only mode for the thousands of rows of an import. Numbers come back as
    floats and empty cells as "" (``cell_text`` and ``is_blank`` read both alike).
    """
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetError("文件解压后内容过大，无法读取，请删除无关的工作表或内容后重试。")
        f.seek(0)
        wb = CalamineWorkbook.from_filelike(f)
    except (zipfile.BadZipFile, CalamineError, OSError, ValueError) as error:
        raise SpreadsheetError("无法读取该文件：不是有效的Excel工作簿(.xlsx)。") from error
    try:
        found: dict[str | None, SheetData] = {}
        for i, name in enumerate(names):
            if name in wb.sheet_names:
                found[name] = _read_table(wb.get_sheet_by_name(name), max_rows, named=i > 0)
            elif i == 0 and wb.sheet_names:
                found[name] = _read_table(wb.get_sheet_by_index(0), max_rows)
            elif i == 0:
                raise SpreadsheetError("无法读取该文件：工作簿中没有工作表。")
        return found
    except (CalamineError, OSError) as error:
        raise SpreadsheetError("无法读取该文件：工作簿内容已损坏。") from error
    finally:
        wb.close()


def _read_table(ws: CalamineSheet, max_rows: int | None, named: bool = False) -> SheetData:
    rows_iter = iter(ws.iter_rows())  # from A1 on: list positions are Excel rows and columns
    headers = [_clean_header(v) for v in next(rows_iter, ())]
    while headers and not headers[-1]:
        headers.pop()
    rows: list[SheetRow] = []
    for number, values in enumerate(rows_iter, start=2):
        if all(is_blank(v) for v in values):
            continue
        if max_rows is not None and len(rows) >= max_rows:
            where = f"“{ws.name}”工作表的" if named else ""
            raise SpreadsheetError(
                f"{where}数据行超过单次导入上限{max_rows}行，请拆分成多个文件分批导入。"
            )
        record = {h: v for h, v in zip(headers, values, strict=False) if h}
        rows.append(SheetRow(number, record))
    return SheetData(ws.name, headers, rows)
