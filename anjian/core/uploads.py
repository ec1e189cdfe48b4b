"""Checks every uploaded file passes before anything reads it: kind, signature and size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class UploadKind:
    """One accepted kind of file: what users call it, its first bytes and its size limit."""

    label: str
    magic: tuple[bytes, ...]
    max_bytes_setting: str
    default_max_bytes: int = 5 * 1024 * 1024

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.max_bytes_setting, self.default_max_bytes)


_DOCUMENT_BYTES = 20 * 1024 * 1024
# extension → kind. Add a row here to accept a new kind of upload. Plain text and HTML have
# no signature (b""): what reads them (the notice parser) refuses content it cannot decode.
UPLOAD_KINDS: dict[str, UploadKind] = {
    ".xlsx": UploadKind("Excel工作簿", (b"PK\x03\x04",), "ANJIAN_MAX_SPREADSHEET_BYTES"),
    ".docx": UploadKind("Word文档", (b"PK\x03\x04",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES),
    ".pdf": UploadKind("PDF文件", (b"%PDF",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES),
    ".txt": UploadKind("文本文件", (b"",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES),
    ".html": UploadKind("网页文件", (b"",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES),
    ".htm": UploadKind("网页文件", (b"",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES),
    ".jpg": UploadKind(
        "JPEG图片", (b"\xff\xd8\xff",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES
    ),
    ".jpeg": UploadKind(
        "JPEG图片", (b"\xff\xd8\xff",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES
    ),
    ".png": UploadKind("PNG图片", (b"\x89PNG",), "ANJIAN_MAX_DOCUMENT_BYTES", _DOCUMENT_BYTES),
}


def format_size(n: int) -> str:
    """A byte count as people read it: 5 MB, 8.2 MB, 300 KB."""
    if n >= 1024 * 1024:
        value, unit = n / (1024 * 1024), "MB"
    elif n >= 1024:
        value, unit = n / 1024, "KB"
    else:
        return f"{n} 字节"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def validate_upload(f: IO[bytes] | None, *, extensions: Iterable[str]) -> str:
    """Refuse a missing, wrongly named, oversize or disguised file; return its extension."""
    return _accepted(f, extensions)[1]


def _accepted(f: IO[bytes] | None, extensions: Iterable[str]) -> tuple[IO[bytes], str]:
    """``validate_upload``'s checks: the file, now known to be there, and its extension."""
    allowed = [e.lower() for e in extensions]
    names = "、".join(allowed)
    if f is None:
        raise ValidationError(f"请选择要上传的文件（{names}）。", code="upload_missing")
    name = getattr(f, "name", "") or ""
    extension = PurePath(name).suffix.lower()
    if extension not in allowed:
        shown = extension or "无扩展名"
        raise ValidationError(
            f"文件类型不支持：只接受{names}文件，当前文件“{name}”为{shown}。"
            + ("请在Excel中“另存为”.xlsx格式后再上传。" if extension in {".xls", ".csv"} else ""),
            code="upload_extension",
        )
    kind = UPLOAD_KINDS[extension]
    size = getattr(f, "size", None)
    if size is None:
        f.seek(0, 2)
        size = f.tell()
    if size == 0:
        raise ValidationError(f"文件“{name}”是空文件。", code="upload_empty")
    if size > kind.max_bytes:
        raise ValidationError(
            f"文件过大：最大{format_size(kind.max_bytes)}，当前{format_size(size)}。",
            code="upload_too_large",
        )
    f.seek(0)
    head = f.read(max(len(m) for m in kind.magic))
    f.seek(0)
    if not any(head.startswith(m) for m in kind.magic):
        raise ValidationError(
            f"文件内容不是{kind.label}：“{name}”的扩展名是{extension}，但内容不符，"
            "可能是改了扩展名的其他文件。",
            code="upload_signature",
        )
    return f, extension


def validate_spreadsheet_upload(f: IO[bytes] | None) -> IO[bytes]:
    """Refuse anything but an .xlsx workbook within ANJIAN_MAX_SPREADSHEET_BYTES; return it."""
    return _accepted(f, [".xlsx"])[0]
