"""Read a notice file (TXT, DOCX, PDF text layer, HTML) into text."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from .docxtext import read_docx
from .errors import UndecodableFile, UnsupportedFormat
from .htmltext import html_to_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
SUPPORTED = sorted(TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"})
_OLD_OFFICE = {".doc", ".wps", ".rtf", ".xls", ".xlsx", ".et", ".ofd", ".odt", ".ppt"}


def sniff_format(data: bytes, filename: str | None) -> str:
    """The file's format, 'txt', 'html', 'docx' or 'pdf', from its name or its first bytes."""
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return "pdf"
    if suffix == ".docx" or (data.startswith(b"PK\x03\x04") and b"word/" in data[:4000]):
        return "docx"
    if suffix in HTML_SUFFIXES:
        return "html"
    if (
        data.startswith(b"PK\x03\x04")
        or data.startswith(b"\xd0\xcf\x11\xe0")
        or suffix in _OLD_OFFICE
    ):
        raise UnsupportedFormat(
            f"unsupported file type {suffix or '(binary)'}: save it as DOCX, PDF, HTML or TXT "
            f"(supported: {', '.join(SUPPORTED)})"
        )
    if suffix and suffix not in TEXT_SUFFIXES:
        raise UnsupportedFormat(
            f"unsupported file type {suffix}: supported types are {', '.join(SUPPORTED)}"
        )
    head = data[:2048].lstrip(codecs.BOM_UTF8).lower()
    if re.match(rb"\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", head):
        return "html"
    return "txt"


def decode_text(data: bytes, what: str = "text file") -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"), what)
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), what)
        except UnicodeDecodeError:
            continue
    raise UndecodableFile(f"cannot decode the {what}: it is neither UTF-8 nor GB18030")


def _checked(text: str, what: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\x0c")
    if "\x00" in text or controls > max(5, len(text) // 100):
        raise UndecodableFile(f"cannot decode the {what}: it holds binary data")
    return text


def _html_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii").lower() if m else None


def read_html(data: bytes) -> str:
    """Text of an HTML page, decoded by its declared charset or as UTF-8/GB18030."""
    charset = _html_charset(data)
    markup = None
    if charset and not data.startswith(codecs.BOM_UTF8):
        try:
            charset = "gb18030" if charset in ("gb2312", "gbk") else charset
            markup = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            markup = None
    return html_to_text(markup if markup is not None else decode_text(data, "HTML file"))


def read_pdf(data: bytes) -> str:
    """The text layer of a PDF, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UndecodableFile("cannot read the PDF file: it is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UndecodableFile(f"cannot read the PDF file: {exc}") from exc
    text = "\f".join(pages)
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
        raise UndecodableFile("the PDF file has no text layer (a scan?): run OCR on it first")
    return text


def read_notice(data: bytes, filename: str | None = None) -> tuple[str, str]:
    """The text of a notice file and its format ('txt', 'html', 'docx' or 'pdf')."""
    if not data:
        raise UndecodableFile("the file is empty")
    kind = sniff_format(data, filename)
    readers = {"pdf": read_pdf, "docx": read_docx, "html": read_html}
    text = readers[kind](data) if kind in readers else decode_text(data)
    return text, kind
