"""Errors a notice file can raise: missing, of an unsupported type, or unreadable."""


class NoticeError(ValueError):
    """A notice that cannot be read; the message names the problem for the person."""


class UnsupportedFormat(NoticeError):
    """The file is not TXT, DOCX, PDF or HTML."""


class UndecodableFile(NoticeError):
    """The file claims a supported type but its text cannot be got out of it."""
