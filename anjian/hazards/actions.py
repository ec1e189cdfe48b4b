"""Which lifecycle steps a user may take on a hazard now (the buttons of its page)."""

from __future__ import annotations

from anjian.hazards.models import DeadlineParty, ExtensionStatus, Hazard, HazardStatus
from anjian.hazards.services.base import (
    ENTERPRISE,
    GOVERNMENT,
    can,
    is_authority,
)


def available(user, hazard: Hazard) -> dict[str, bool]:
    """Step name → whether to show it; the services refuse anything else anyway."""
    status = hazard.status
    open_ = status != HazardStatus.CLOSED
    enterprise_side = can(user, "hazard.rectify", hazard, ENTERPRISE)
    pending = hazard.extensions.filter(status=ExtensionStatus.PENDING).first()
    decide_kinds = ENTERPRISE if hazard.deadline_party == DeadlineParty.ENTERPRISE else GOVERNMENT
    return {
        "assign": status == HazardStatus.REPORTED
        and is_authority(user, hazard, "hazard.assign", closing=False),
        "start": status == HazardStatus.ASSIGNED and enterprise_side,
        "submit": status == HazardStatus.RECTIFYING and enterprise_side,
        "close": status == HazardStatus.SUBMITTED
        and is_authority(user, hazard, "hazard.verify", closing=True),
        "return": status == HazardStatus.SUBMITTED
        and is_authority(user, hazard, "hazard.verify", closing=True),
        "extension": status in (HazardStatus.ASSIGNED, HazardStatus.RECTIFYING)
        and pending is None
        and can(user, "deadlineextension.add", hazard, ENTERPRISE),
        "decide": pending is not None
        and can(user, "deadlineextension.change", hazard, decide_kinds),
        "double_report": hazard.is_major and open_ and can(user, "hazard.doublereport", hazard),
        "list": hazard.is_major
        and open_
        and not hazard.is_listed
        and can(user, "hazardlisting.add", hazard, GOVERNMENT),
        "photo": open_ and can(user, "hazardphoto.add", hazard),
        "reclassify": open_ and can(user, "hazard.verify", hazard, GOVERNMENT),
        "pending_extension": pending,
    }
