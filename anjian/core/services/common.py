"""Shared steps of every service: scope checks inside the transaction, and audited writes."""

from __future__ import annotations

from django.db import IntegrityError, connection, models, transaction

from anjian.core import audit
from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied


def require(user, action: str, obj: models.Model) -> None:
    """Refuse unless ``user`` may ``action`` this row: 404 if they cannot even see it, else 403.

    ``user=None`` is the platform itself (reference loading, demo data): no scope applies.
    """
    access_for(user).require(action, obj)


def require_created_in_scope(user, obj: models.Model) -> None:
    """After an insert, inside the transaction: refuse a row created outside the user's scope."""
    if not access_for(user).allows("add", obj):
        raise PermissionDenied(f"不能在您的管辖范围之外新建{obj._meta.verbose_name}。")


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("audited writes must run inside the service's transaction")


def _loaded_relations(obj: models.Model) -> list[str]:
    """Foreign keys set to rows already loaded in this transaction: no need to ask if they exist.

    Django's field validation re-reads every related row by id (one query each); a service
    that was handed model instances has them already, and the insert's own foreign-key
    constraint still guards the database.
    """
    loaded = []
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None and related.pk is not None and not related._state.adding:
                loaded.append(field.name)
    return loaded


def _save_or_explain(obj: models.Model) -> None:
    """Insert; if a concurrent insert took a unique value first, say which field, not a 500."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        obj.validate_unique()  # now sees the other row and raises a ValidationError by field
        raise


def create_audited(
    *, by, obj: models.Model, action: str, m2m: dict | None = None, region=None
) -> models.Model:
    """Validate, insert, check scope and append the audit event; call inside a transaction.

    ``region`` files the event under a region when the row has no ``region`` field of its own
    (e.g. a row scoped through its enterprise), so the audit log's scope reaches it.
    """
    _require_transaction()
    obj.full_clean(exclude=_loaded_relations(obj))
    _save_or_explain(obj)
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    require_created_in_scope(by, obj)
    audit.record(
        actor=by, action=action, obj=obj, before=None, after=audit.snapshot(obj), region=region
    )
    return obj


def update_audited(
    *, by, obj: models.Model, changes: dict, action: str, m2m: dict | None = None, region=None
) -> models.Model:
    """Apply ``changes`` to a locked row, validate, save and audit before/after (``region``
    as for ``create_audited``)."""
    _require_transaction()
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    if not access_for(by).allows("change", obj):
        raise PermissionDenied(f"修改后该{obj._meta.verbose_name}将超出您的管辖范围。")
    after = audit.snapshot(obj)
    if after != before:
        audit.record(actor=by, action=action, obj=obj, before=before, after=after, region=region)
    return obj
