"""The 任务分工表 of a notice as .xlsx and as a printable .docx, in ``TASK_TABLE``'s columns."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from anjian.core.spreadsheets import xlsx_response
from anjian.duties.lists import TASK_TABLE
from anjian.duties.models import Notice
from anjian.duties.selectors import TaskRow

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def xlsx_export(notice: Notice, rows: list[TaskRow]) -> FileResponse:
    """The task table as an .xlsx download."""
    return xlsx_response(TASK_TABLE.sheet(rows), stem=f"{notice.title[:40]}_任务分工表")


def _font(run, size: float, bold: bool = False, face: str = "仿宋") -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = face
    run._element.rPr.rFonts.set(qn("w:eastAsia"), face)


def build_docx(notice: Notice, rows: list[TaskRow]) -> bytes:
    """A landscape A4 document: the notice title, its number, and the bordered task table."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(f"{notice.title}\n任务分工表"), 18, bold=True, face="方正小标宋简体")
    if notice.doc_number:
        sub = document.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(sub.add_run(notice.doc_number), 14)
    columns = TASK_TABLE.export_columns
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(1.5), Cm(12.5), Cm(6.0), Cm(3.2), Cm(2.5)]
    for cell, column, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(column.label), 12, bold=True, face="黑体")
    for values in TASK_TABLE.export_rows(rows):
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            _font(cell.paragraphs[0].add_run(str(value)), 11)
    footer = document.add_paragraph()
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(footer.add_run(f"导出日期：{timezone.localdate():%Y年%m月%d日}"), 11)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_export(notice: Notice, rows: list[TaskRow]) -> HttpResponse:
    """The task table as a .docx download."""
    filename = f"{notice.title[:40]}_任务分工表_{timezone.localdate():%Y%m%d}.docx"
    response = HttpResponse(build_docx(notice, rows), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
