"""Shared steps of the accident services: audited inserts and changes of dependent rows."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Conflict
from anjian.core.models import Region


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("accident services write inside their own transaction")


def insert_audited(*, by, obj: models.Model, action: str, region_id: int | None) -> models.Model:
    """Insert a row whose scope was checked on its parent, and append its audit event."""
    _require_transaction()
    obj.full_clean()
    obj.save()
    audit.record(
        actor=by,
        action=action,
        obj=obj,
        before=None,
        after=audit.snapshot(obj),
        region=Region(pk=region_id) if region_id else None,
    )
    return obj


def change_audited(
    *, by, obj: models.Model, changes: dict, action: str, region_id: int | None
) -> models.Model:
    """Change a locked row whose scope was checked by the caller; audit before and after."""
    _require_transaction()
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    after = audit.snapshot(obj)
    if after != before:
        audit.record(
            actor=by,
            action=action,
            obj=obj,
            before=before,
            after=after,
            region=Region(pk=region_id) if region_id else None,
        )
    return obj


def locked(obj: models.Model) -> models.Model:
    """The row again, locked for the rest of the transaction."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def check_version(obj, expected: int | None) -> None:
    """Refuse with ``Conflict`` when someone saved the row after the caller read it."""
    if expected is not None and obj.version != expected:
        raise Conflict(
            f"该{obj._meta.verbose_name}已被他人修改（当前版本{obj.version}，"
            f"您编辑的是版本{expected}），请刷新后重试。"
        )


def moment(value: dt.datetime | None, *, now: dt.datetime, field: str, not_before=None):
    """A time the user gave (default now): not in the future, not before ``not_before``."""
    value = value or now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + dt.timedelta(minutes=1):
        raise ValidationError({field: "时间不能晚于当前时间。"})
    if not_before is not None and value < not_before:
        raise ValidationError(
            {field: f"时间不能早于{timezone.localtime(not_before):%Y-%m-%d %H:%M}。"}
        )
    return value


def require_text(value: str, field: str, label: str, min_length: int = 1) -> str:
    """The stripped text, or a ValidationError on ``field`` saying what to fill in."""
    value = (value or "").strip()
    if len(value) < min_length:
        raise ValidationError(
            {field: f"请填写{label}" + (f"（至少{min_length}个字）。" if min_length > 1 else "。")}
        )
    return value
