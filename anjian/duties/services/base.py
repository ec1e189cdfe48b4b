"""Shared steps of the duties services: permission checks with Chinese messages, audited inserts."""

from __future__ import annotations

from django.db import models

from anjian.core import audit
from anjian.core.errors import PermissionDenied
from anjian.core.services.common import require


def require_action(by, action: str, obj: models.Model, refusal: str) -> None:
    """404 outside scope; 403 with ``refusal`` when the row is visible but the action is not."""
    require(by, "view", obj)
    if by is None:
        return
    manager = type(obj)._default_manager
    if not manager.visible_to(by, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(refusal)


def insert_audited(*, by, obj: models.Model, action: str, region=None) -> models.Model:
    """Insert a row built from checked data and append its audit event (inside a transaction)."""
    obj.save()
    audit.record(
        actor=by, action=action, obj=obj, before=None, after=audit.snapshot(obj), region=region
    )
    return obj


def change_audited(*, by, obj: models.Model, changes: dict, action: str, region=None):
    """Apply ``changes`` to a locked row and audit before/after."""
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    after = audit.snapshot(obj)
    if after != before:
        audit.record(actor=by, action=action, obj=obj, before=before, after=after, region=region)
    return obj
