"""Assemble the interchange dict (see data/notices/README in the shared set) from the pieces."""

from __future__ import annotations

import datetime as dt
import re

from .cleaning import clean_lines
from .deadlines import Context, deadlines_of
from .document import document_fields
from .outline import build_outline, is_task
from .paragraphs import build_paragraphs
from .recurrences import recurrences_of
from .targets import targets_of
from .units import units_of


def _year_in_text(lines) -> int | None:
    """The first year written in the text (2025年), for a notice without title year or date."""
    for line in lines:
        m = re.search(r"((?:19|20)\d{2})年", line.text)
        if m:
            return int(m.group(1))
    return None


def parse_text(text: str, *, filename: str | None = None, source: str = "txt") -> dict:
    """Parse a notice's text into the interchange dict: document fields and numbered items."""
    lines = clean_lines(text, pdf=source == "pdf")
    outline = build_outline(build_paragraphs(lines))
    fields = document_fields(lines, outline.first_line)
    issued = dt.date.fromisoformat(fields.date) if fields.date else None
    fields.year = fields.year or _year_in_text(lines)
    year = fields.year or dt.date.today().year
    ctx = Context(year, issued)
    items: list[dict] = []
    carried: list[str] = []
    for node in outline.items:
        task = is_task(node)
        text = node.text
        units = units_of(text)
        own = list(units.own)
        if task:
            own += [u for u in carried if u not in own]
        carried += [u for u in units.carried if u not in carried]
        recurrences, counted = recurrences_of(text)
        items.append(
            {
                "path": list(node.path),
                "heading": node.heading,
                "is_task": task,
                "units": own,
                "deadlines": deadlines_of(text, ctx),
                "recurrences": recurrences,
                "targets": targets_of(text, counted),
                "text": text,
            }
        )
    return {
        "file": filename,
        "title": fields.title,
        "doc_number": fields.doc_number,
        "issuer": fields.issuer,
        "date": fields.date,
        "year": fields.year,
        "items": items,
    }
