"""The spec's downloads: the import template (headers, an example row, 填写说明) and the export.

Both write the spec's columns in the same order, and the export writes each cell so that the
import reads it back unchanged (``ImportSpec.export_cell``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import FileResponse

from anjian.core.imports.cells import BOOL_LABELS, choice_labels
from anjian.core.imports.spec import ChildSpec, ImportSpec, M
from anjian.core.spreadsheets import SheetSpec, xlsx_response

if TYPE_CHECKING:
    from anjian.core.models import User

INSTRUCTIONS = "填写说明"
GENERAL_NOTES = (
    "说明：",
    "第1行为列名，请勿修改；第2行为示例，导入前请删除。",
    "导入时逐行校验全部数据：任何一行有错误，整个文件都不会导入，请按错误清单改正后重新上传。",
    "上传后先显示预览（将新建、更新的行，或全部错误），确认后才写入。",
)


def data_sheet(spec: ImportSpec[Any], rows: Iterable[Sequence[Any]]) -> SheetSpec:
    """The spec's sheet: every column's header, the given rows, codes kept as text."""
    return SheetSpec(
        title=spec.sheet,
        headers=[c.header for c in spec.columns],
        rows=rows,
        widths=[c.width for c in spec.columns],
        text_columns=frozenset(i for i, c in enumerate(spec.columns) if c.as_text),
    )


def _specs(spec: ImportSpec[Any]) -> list[ImportSpec[Any]]:
    return [spec, *(child() for child in spec.children)]


def _example(spec: ImportSpec[Any], by: User | None) -> list[Any]:
    values = spec.example(by)
    return [values.get(c.field) for c in spec.columns]


def template_sheets(spec: ImportSpec[Any], by: User | None) -> list[SheetSpec]:
    """The import template: each sheet's headers and example row, then 填写说明."""
    sheets = [data_sheet(s, [_example(s, by)]) for s in _specs(spec)]
    sheets.append(
        SheetSpec(
            title=INSTRUCTIONS,
            headers=["列名", "是否必填", "填写要求", "可选值"],
            rows=instruction_rows(spec, by),
            widths=[24, 10, 44, 40],
            text_columns=frozenset({3}),
        )
    )
    return sheets


def template_response(spec: ImportSpec[Any], by: User | None) -> FileResponse:
    return xlsx_response(*template_sheets(spec, by), stem=f"{spec.stem}导入模板")


def instruction_rows(spec: ImportSpec[Any], by: User | None) -> Iterator[list[Any]]:
    """One row per column (required? what to write?) and the values the user may use."""
    specs = _specs(spec)
    for s in specs:
        if len(specs) > 1:
            yield [f"【{s.sheet}】工作表"]
        for column in s.columns:
            required = "必填" if column.required else ("—" if column.export_only else "选填")
            inline: str | None = None
            listed: list[tuple[Any, str | None]] = []
            if column.kind == "choice":
                inline = "、".join(choice_labels(column.choices_class))
            elif column.kind == "bool":
                inline = "、".join(BOOL_LABELS)
            elif column.lookup is not None and not column.export_only:
                listed = column.lookup.allowed(by)
            yield [column.header, required, column.note or None, inline]
            # One value per row, so it can be copied into the data sheet as it is.
            yield from ([None, None, meaning, value] for value, meaning in listed)
        yield from s.instructions(by)
        yield []
    notes = (*GENERAL_NOTES, *spec.notes)
    yield [notes[0]]
    yield from ([f"{i}. {note}"] for i, note in enumerate(notes[1:], start=1))


def export_rows(spec: ImportSpec[M], queryset: models.QuerySet[M]) -> Iterator[list[Any]]:
    """One row per object in the spec's columns, read in chunks."""
    for obj in spec.export_queryset(queryset).iterator(chunk_size=2000):
        yield [spec.export_cell(obj, c) for c in spec.columns]


def export_sheets(spec: ImportSpec[M], queryset: models.QuerySet[M]) -> list[SheetSpec]:
    sheets = [data_sheet(spec, export_rows(spec, queryset))]
    for child_class in spec.children:
        child: ChildSpec[Any, Any] = child_class()
        children = child.export_children(queryset.order_by().values("pk"))
        sheets.append(data_sheet(child, export_rows(child, children)))
    return sheets


def export_response(spec: ImportSpec[M], queryset: models.QuerySet[M]) -> FileResponse:
    """Stream ``queryset`` as .xlsx in the template's columns (the import reads it back)."""
    return xlsx_response(*export_sheets(spec, queryset), stem=spec.stem)
