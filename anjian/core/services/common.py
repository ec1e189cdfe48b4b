"""The steps every service shares, one set for every app: scope checks inside the transaction
(``require``), audited writes (``create_audited``, ``update_audited``), row locks, version
checks and what people type."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.access import access_for
from anjian.core.errors import Conflict, PermissionDenied
from anjian.core.models import Region

if TYPE_CHECKING:
    from anjian.core.models import User

Row = TypeVar("Row", bound=models.Model)


def require(by: User | None, action: str, obj: models.Model, refusal: str = "") -> None:
    """404 (``OutOfScope``) unless ``by`` sees the row, then 403 (``refusal``, or a message
    naming the action) unless ``by`` may ``action`` it; ``by=None`` is the platform itself."""
    access_for(by).require(action, obj, refusal)


# ---- audited writes -----------------------------------------------------------------------


def create_audited(
    *,
    by: User | None,
    obj: Row,
    action: str,
    region: Region | int | None = None,
    m2m: dict[str, Any] | None = None,
    validate: bool = True,
    check_scope: bool = True,
) -> Row:
    """Validate and insert ``obj`` (inside the service's transaction), set its many-to-many
    rows, refuse it outside ``by``'s scope unless ``check_scope=False``, append its audit event.

    ``region`` files the event under a region when the row has none of its own (a row scoped
    through its enterprise). ``validate=False`` is for rows built from checked data only.
    """
    _require_transaction()
    _save(obj, validate)
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    if check_scope and not access_for(by).allows("add", obj):
        raise PermissionDenied(f"不能在您的管辖范围之外新建{obj._meta.verbose_name}。")
    after = audit.snapshot(obj)
    audit.record(actor=by, action=action, obj=obj, before=None, after=after, region=_region(region))
    return obj


def update_audited(
    *,
    by: User | None,
    obj: Row,
    changes: dict[str, Any],
    action: str,
    region: Region | int | None = None,
    m2m: dict[str, Any] | None = None,
    validate: bool = True,
    check_scope: bool = True,
) -> Row:
    """Apply ``changes`` to a locked row, validate, save, refuse a change that moves it out
    of ``by``'s scope (unless ``check_scope=False``) and audit before and after (no event
    when nothing changed). ``region`` and ``validate`` as for ``create_audited``."""
    _require_transaction()
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    _save(obj, validate)
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    if check_scope and not access_for(by).allows("change", obj):
        raise PermissionDenied(f"修改后该{obj._meta.verbose_name}将超出您的管辖范围。")
    after = audit.snapshot(obj)
    if after != before:
        audit.record(
            actor=by, action=action, obj=obj, before=before, after=after, region=_region(region)
        )
    return obj


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("audited writes must run inside the service's transaction")


def _region(region: Region | int | None) -> Region | None:
    if region is None or isinstance(region, Region):
        return region
    return Region(pk=region)


def _loaded_relations(obj: models.Model) -> set[str]:
    """Foreign keys set to rows the service holds: no need to ask the database if they exist
    (Django's field validation reads each related row by id; the insert's own foreign-key
    constraint still guards it)."""
    loaded = set()
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None and related.pk is not None and not related._state.adding:
                loaded.add(field.name)
    return loaded


def _save(obj: models.Model, validate: bool) -> None:
    """Validate (without re-reading the rows the service holds) and save; if a unique value
    or a constraint stops the save (one over a relation not checked before, or a concurrent
    write), say which field by the full check, not a 500."""
    if not validate:
        obj.save()
        return
    obj.full_clean(exclude=_loaded_relations(obj))
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        obj.full_clean()  # now sees the other row and raises a ValidationError by field
        raise


# ---- rows, versions and what people type ---------------------------------------------------


def locked(obj: Row) -> Row:
    """The row again, locked for the rest of the transaction."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def check_version(obj: models.Model, expected: int | None) -> None:
    """Refuse with ``Conflict`` when someone saved the row after the caller read it."""
    if expected is not None and obj.version != expected:
        raise Conflict(
            f"该{obj._meta.verbose_name}已被他人修改（当前版本{obj.version}，"
            f"您编辑的是版本{expected}），请刷新后重试。"
        )


def past_moment(
    value: dt.datetime | None,
    *,
    field: str,
    now: dt.datetime | None = None,
    not_before: dt.datetime | None = None,
    label: str = "时间",
) -> dt.datetime:
    """A time the user gave (default now), made aware: not in the future (a minute of clock
    skew allowed), not before ``not_before``; else a ValidationError on ``field``."""
    now = now or timezone.now()
    value = value or now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + dt.timedelta(minutes=1):
        raise ValidationError({field: f"{label}不能晚于当前时间。"})
    if not_before is not None and value < not_before:
        raise ValidationError(
            {field: f"{label}不能早于{timezone.localtime(not_before):%Y-%m-%d %H:%M}。"}
        )
    return value


def require_text(value: str | None, field: str, label: str, min_length: int = 1) -> str:
    """The stripped text, or a ValidationError on ``field`` saying what to fill in."""
    value = (value or "").strip()
    if len(value) < min_length:
        raise ValidationError(
            {field: f"请填写{label}" + (f"（至少{min_length}个字）。" if min_length > 1 else "。")}
        )
    return value
