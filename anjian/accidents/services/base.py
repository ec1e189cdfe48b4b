"""Shared steps of the accident services: audited inserts and changes of dependent rows."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from anjian.core.services.workflow import (  # noqa: F401  re-exported for the accident services
    change_audited,
    check_version,
    insert_audited,
    locked,
    require_text,
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
