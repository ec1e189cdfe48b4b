"""Steps shared by workflow services: audited inserts and changes of rows already checked,
row locks, optimistic version checks and refusals with a message of the app's own."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from anjian.core import audit
from anjian.core.access import access_for
from anjian.core.errors import Conflict
from anjian.core.models import Region


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("workflow services write inside their own transaction")


def _region(region) -> Region | None:
    if region is None or isinstance(region, Region):
        return region
    return Region(pk=region)


def insert_audited(
    *, by, obj: models.Model, action: str, region=None, validate: bool = True
) -> models.Model:
    """Insert a row whose scope was checked on its parent, and append its audit event."""
    _require_transaction()
    if validate:
        obj.full_clean()
    obj.save()
    audit.record(
        actor=by,
        action=action,
        obj=obj,
        before=None,
        after=audit.snapshot(obj),
        region=_region(region),
    )
    return obj


def change_audited(
    *, by, obj: models.Model, changes: dict, action: str, region=None, validate: bool = True
) -> models.Model:
    """Change a locked row whose scope was checked by the caller; audit before and after."""
    _require_transaction()
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    if validate:
        obj.full_clean()
    obj.save()
    after = audit.snapshot(obj)
    if after != before:
        audit.record(
            actor=by, action=action, obj=obj, before=before, after=after, region=_region(region)
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


def require_action(by, action: str, obj: models.Model, refusal: str) -> None:
    """404 outside scope; 403 with ``refusal`` when the row is visible but the action is not."""
    access_for(by).require(action, obj, refusal)


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


def require_text(value, field: str, label: str, min_length: int = 1) -> str:
    """The stripped text, or a ValidationError on ``field`` saying what to fill in."""
    value = (value or "").strip()
    if len(value) < min_length:
        raise ValidationError(
            {field: f"请填写{label}" + (f"（至少{min_length}个字）。" if min_length > 1 else "。")}
        )
    return value
