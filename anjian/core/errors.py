"""Errors that services raise; views and the API turn them into clear answers."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["Conflict", "OutOfScope", "PermissionDenied", "TransitionNotAllowed", "ValidationError"]


class OutOfScope(Exception):
    """The object is outside the caller's jurisdiction: answered as 404, never revealed."""


class Conflict(Exception):
    """Someone else changed the record first (HTTP 409); reload and try again."""


class TransitionNotAllowed(ValidationError):
    """A workflow step that the record's current state does not allow."""
