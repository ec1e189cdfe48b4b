"""One spreadsheet import pipeline for every model: declare an ``ImportSpec``, get the rest.

A spec (``spec.py``) lists a model's columns: Chinese header, aliases, required, kind (text,
int, decimal, date, bool, choice, lookup, codes), notes and allowed values. From it come the
import template and the export (``workbook``), the bulk check with row/column/reason errors
and the preview (``pipeline``), the all-or-nothing write with one batch of audit events
(``writer``), background jobs for big files (``jobs``), one page flow (``views``) and the
API actions (``api``). See docs/architecture.md, "Spreadsheet import".
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from anjian.core.imports.cells import EXAMPLE_MARK, FILE, WHOLE_ROW, CellError, RowError
from anjian.core.imports.result import ImportResult
from anjian.core.imports.spec import ChildSpec, Column, ImportSpec, Row

if TYPE_CHECKING:
    from anjian.core.imports.pipeline import Progress
    from anjian.core.models import User

__all__ = [
    "EXAMPLE_MARK",
    "FILE",
    "WHOLE_ROW",
    "CellError",
    "ChildSpec",
    "Column",
    "ImportResult",
    "ImportSpec",
    "Row",
    "RowError",
    "run_import",
]


def run_import(
    spec: ImportSpec[Any],
    *,
    by: User | None,
    file: IO[bytes] | None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of ``file`` and write them all, or none and every error."""
    from anjian.core.imports.pipeline import check
    from anjian.core.imports.writer import write

    return write(check(spec, by=by, file=file, progress=progress))
