"""Shared steps of the hazard services: who may act on a hazard, timeline events, notices."""

from __future__ import annotations

from django.db.models import Q

from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.roles import AnchorKind, role_allows
from anjian.core.scope import anchor_q, assignments_of
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

GOVERNMENT = frozenset({AnchorKind.REGION, AnchorKind.DEPARTMENT})
ENTERPRISE = frozenset({AnchorKind.ENTERPRISE})


def can(by, permission: str, obj, kinds=None) -> bool:
    """Whether one of ``by``'s assignments (of ``kinds``) grants ``permission`` over ``obj``.

    ``obj`` is any scoped row (a hazard, an enterprise); the permission may belong to another
    model (``hazardphoto.add`` checked against the hazard it hangs off).
    """
    if by is None or by.is_superuser:
        return True
    q = Q(pk__in=[])
    for assignment in assignments_of(by):
        if kinds is not None and assignment.anchor_kind not in kinds:
            continue
        if role_allows(assignment.role, permission):
            reach = anchor_q(type(obj).scope, assignment)
            if reach is not None:
                q |= reach
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


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
    if by is None or by.is_superuser:
        return True
    return any(
        a.anchor_kind == AnchorKind.REGION
        and a.region_id == region_id
        and role_allows(a.role, permission)
        for a in assignments_of(by)
    )


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
