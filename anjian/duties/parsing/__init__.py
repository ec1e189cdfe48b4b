"""The notice parser: a notice file (TXT, DOCX, PDF, HTML) in, the interchange dict out.

Pure Python, no Django: ``parse_notice(path_or_bytes, filename=...)`` is what the upload page,
the API and ``anjian notices parse`` call.
"""

from __future__ import annotations

import os
from pathlib import Path

from .assemble import parse_text
from .errors import NoticeError, UndecodableFile, UnsupportedFormat
from .reading import read_notice

__all__ = [
    "NoticeError",
    "UndecodableFile",
    "UnsupportedFormat",
    "parse_notice",
    "parse_text",
]


def parse_notice(path_or_bytes: str | os.PathLike | bytes, filename: str | None = None) -> dict:
    """Parse a notice from a path or from bytes (give filename for bytes so the type is known).

    Raises NoticeError (FileNotFoundError for a missing path) with a message naming the problem.
    """
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        data = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        data = path.read_bytes()
        filename = filename or path.name
    text, kind = read_notice(data, filename)
    return parse_text(text, filename=filename, source=kind)
