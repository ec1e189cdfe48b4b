"""Shared steps of the hazard services: notices to the owner, the enterprise or a department."""

from __future__ import annotations

from anjian.core.models import Department, User
from anjian.core.services.common import create_audited
from anjian.hazards.models import Hazard, HazardNotification


def notify(
    by: User | None,
    hazard: Hazard,
    kind: str,
    message: str,
    *,
    recipient: User | None = None,
    department: Department | None = None,
) -> HazardNotification:
    """Tell the owner, the enterprise (no recipient) or a department something about a hazard."""
    row = HazardNotification(
        hazard=hazard, recipient=recipient, department=department, kind=kind, message=message[:500]
    )
    return create_audited(
        check_scope=False,
        by=by,
        obj=row,
        action=f"hazard.notify.{kind}",
        region=hazard.region_id,
        validate=False,
    )
