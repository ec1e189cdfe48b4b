"""Shared steps of the hazard services: who may act on a hazard, timeline events, notices."""

from __future__ import annotations

from anjian.core.access import ENTERPRISE, GOVERNMENT, access_for
from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.services.common import require
from anjian.core.services.workflow import insert_audited, require_text  # noqa: F401
from anjian.hazards.models import (
    Hazard,
    HazardEvent,
    HazardLevel,
    HazardListing,
    HazardNotification,
    HazardSource,
)


def can(by, permission: str, obj, kinds=None) -> bool:
    """Whether one of ``by``'s assignments (of ``kinds``) grants ``permission`` over ``obj``.

    ``obj`` is any scoped row (a hazard, an enterprise); the permission may belong to another
    model (``hazardphoto.add`` checked against the hazard it hangs off).
    """
    return access_for(by).allows(permission, obj, kinds)


def authority(hazard: Hazard, *, closing: bool = True) -> str:
    """Who verifies and closes: "listing", "enterprise" or "government" (see permissions.py).

    The listing level only takes over verification; assignment stays with the department.
    """
    if hazard.is_listed and closing:
        return "listing"
    if hazard.level == HazardLevel.GENERAL and hazard.source == HazardSource.SELF_CHECK:
        return "enterprise"
    return "government"


AUTHORITY_LABELS = {
    "listing": "挂牌督办机关",
    "enterprise": "企业安全管理人员",
    "government": "监管部门",
}


def open_listing(hazard: Hazard) -> HazardListing | None:
    return hazard.listings.filter(closed_at__isnull=True).select_related("authority").first()


def holds_region(by, region_id: int, permission: str) -> bool:
    """A user assigned on exactly this region (not one above or below) with ``permission``."""
    return access_for(by).holds_region(region_id, permission)


def is_authority(by, hazard: Hazard, permission: str, *, closing: bool = True) -> bool:
    """Whether ``by`` is the hazard's authority for ``permission`` (see ``authority``)."""
    party = authority(hazard, closing=closing)
    if party == "listing":
        listing = open_listing(hazard)
        return listing is not None and holds_region(
            by, listing.authority_id, "hazardlisting.change"
        )
    return can(by, permission, hazard, ENTERPRISE if party == "enterprise" else GOVERNMENT)


def require_authority(by, hazard: Hazard, action: str, what: str, *, closing: bool = True) -> None:
    """404 outside scope; 403 naming who may ``what`` unless ``by`` is the hazard's authority."""
    require(by, "view", hazard)
    if not is_authority(by, hazard, f"hazard.{action}", closing=closing):
        party = authority(hazard, closing=closing)
        raise PermissionDenied(f"只有{AUTHORITY_LABELS[party]}可以{what}该隐患。")


def require_state(hazard: Hazard, allowed, what: str) -> None:
    if hazard.status not in allowed:
        raise TransitionNotAllowed(
            f"隐患当前状态为“{hazard.get_status_display()}”，不能{what}。", code="state"
        )


def event(by, hazard: Hazard, kind: str, *, note: str = "", from_status: str = "") -> HazardEvent:
    """Append a step to the hazard's timeline (audited)."""
    row = HazardEvent(
        hazard=hazard,
        kind=kind,
        actor=by,
        note=note,
        from_status=from_status,
        to_status=hazard.status if from_status else "",
    )
    return insert_audited(
        by=by, obj=row, action=f"hazard.event.{kind}", region=hazard.region_id, validate=False
    )


def notify(
    by, hazard: Hazard, kind: str, message: str, *, recipient=None, department=None
) -> HazardNotification:
    """Tell the owner, the enterprise (no recipient) or a department something about a hazard."""
    row = HazardNotification(
        hazard=hazard, recipient=recipient, department=department, kind=kind, message=message[:500]
    )
    return insert_audited(
        by=by, obj=row, action=f"hazard.notify.{kind}", region=hazard.region_id, validate=False
    )
