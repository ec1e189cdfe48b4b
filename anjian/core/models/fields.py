"""Foreign keys the house way, so a model says only what differs.

References ``PROTECT`` what they point at (nothing is deleted from under a record: users are
disabled, enterprises keep their history) and have no reverse accessor unless one is
named; an optional reference is ``null`` and ``blank``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def ref(
    to: Any,
    verbose_name: Any,
    *,
    optional: bool = False,
    related_name: str | None = "+",
    on_delete: Any = models.PROTECT,
    **kwargs: Any,
) -> models.ForeignKey[Any, Any]:
    """A foreign key to ``to``: protected, optional when asked, no reverse accessor by default."""
    if optional:
        kwargs.update(null=True, blank=True)
    return models.ForeignKey(
        to, on_delete, related_name=related_name, verbose_name=verbose_name, **kwargs
    )


def user_ref(verbose_name: Any, **kwargs: Any) -> models.ForeignKey[Any, Any]:
    """The user who did something (registered, assigned, decided…): optional, protected."""
    return ref(settings.AUTH_USER_MODEL, verbose_name, optional=True, **kwargs)
