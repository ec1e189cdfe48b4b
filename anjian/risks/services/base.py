"""Shared steps of the risk services: locking, version checks, required text."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from anjian.core.errors import Conflict
from anjian.core.models import Region


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


def require_text(value, field: str, label: str, min_length: int = 1) -> str:
    """The stripped text, or a ValidationError on ``field`` saying what to fill in."""
    value = (value or "").strip()
    if len(value) < min_length:
        raise ValidationError(
            {field: f"请填写{label}" + (f"（至少{min_length}个字）。" if min_length > 1 else "。")}
        )
    return value


def region_of(enterprise) -> Region:
    """The region an audit event of the enterprise's risk rows is filed under (no query)."""
    return Region(pk=enterprise.region_id)
