"""Consequences on the enterprise: standardisation revoked, licence or production suspended.

A suspension carries the 复工复产 checklist (reference data); it is lifted only when every item
is ticked. Revoking the standardisation level also sets the enterprise's level to 未定级.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accidents.models import (
    SUSPENDING_KINDS,
    Accident,
    EnterpriseSanction,
    ReopeningItem,
    SanctionKind,
)
from anjian.accidents.workflows import ACCIDENT_FLOW, SANCTION_FLOW
from anjian.core.access import access_for
from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import Enterprise, StandardisationLevel, User
from anjian.core.services import enterprises as enterprise_services
from anjian.core.services.common import create_audited, require_text


def may_operate(enterprise: Enterprise) -> bool:
    """False while a licence or production suspension is in force (复工复产 not yet approved)."""
    return not EnterpriseSanction.objects.suspending().filter(enterprise=enterprise).exists()


@transaction.atomic
def sanction_impose(
    *,
    by: User | None,
    enterprise: Enterprise,
    kind: str,
    reason: str,
    accident: Accident | None = None,
) -> EnterpriseSanction:
    """Flag the enterprise after an accident; suspensions get the 复工复产 checklist."""
    if accident is not None:
        ACCIDENT_FLOW.check(by, accident, "sanction")
        if accident.enterprise_id != enterprise.pk:
            raise ValidationError({"enterprise": "该单位不是这起事故的事故单位。"})
    access_for(by).require(
        "enterprisesanction.add", enterprise, "您没有对该单位登记处置措施的权限。"
    )
    if kind not in SanctionKind.values:
        raise ValidationError({"kind": "请选择处置措施。"})
    if EnterpriseSanction.objects.active().filter(enterprise=enterprise, kind=kind).exists():
        raise TransitionNotAllowed(f"该单位已有执行中的“{SanctionKind(kind).label}”。")
    sanction = EnterpriseSanction(
        enterprise=enterprise,
        accident=accident,
        kind=kind,
        reason=require_text(reason, "reason", "依据和理由", min_length=5),
        imposed_at=timezone.now(),
        imposed_by=by,
    )
    if kind == SanctionKind.STANDARDISATION_REVOKED:
        if enterprise.standardisation_level == StandardisationLevel.NONE:
            raise ValidationError({"kind": "该单位没有安全生产标准化等级，无需撤销。"})
        sanction.previous_level = enterprise.standardisation_level
    if kind in SUSPENDING_KINDS:
        sanction.checklist = {
            item.code: {"done": False, "note": "", "at": None, "by": ""}
            for item in ReopeningItem.objects.all()
        }
        if not sanction.checklist:
            raise ValidationError("复工复产核查清单未载入，请先运行 anjian load-reference。")
    create_audited(by=by, obj=sanction, action="sanction.impose")
    if kind == SanctionKind.STANDARDISATION_REVOKED:
        enterprise_services.enterprise_update(
            by=by,
            enterprise=enterprise,
            data={
                "standardisation_level": StandardisationLevel.NONE,
                "standardisation_expiry": None,
            },
        )
    return sanction


@transaction.atomic
def sanction_check_item(
    *, by: User | None, sanction: EnterpriseSanction, item: str, done: bool, note: str = ""
) -> EnterpriseSanction:
    """Tick (or untick) one item of the 复工复产 checklist, with a note of the evidence."""
    row = SANCTION_FLOW.begin(by, sanction, "check_item")
    if item not in row.checklist:
        raise ValidationError({"item": "不是复工复产核查事项。"})
    checklist = {code: dict(entry) for code, entry in row.checklist.items()}
    checklist[item] = {
        "done": bool(done),
        "note": (note or "").strip(),
        "at": timezone.now().isoformat(timespec="seconds") if done else None,
        "by": by.get_username() if done and by is not None else "",
    }
    return SANCTION_FLOW.finish(
        by, row, "check_item", {"checklist": checklist}, region=row.enterprise.region_id
    )


@transaction.atomic
def sanction_lift(
    *, by: User | None, sanction: EnterpriseSanction, note: str
) -> EnterpriseSanction:
    """Approve 复工复产: lift a suspension once every checklist item is ticked."""
    row = SANCTION_FLOW.begin(by, sanction, "lift")
    changes = {
        "lifted_at": timezone.now(),
        "lifted_by": by,
        "lift_note": require_text(note, "lift_note", "解除说明"),
    }
    return SANCTION_FLOW.finish(by, row, "lift", changes, region=row.enterprise.region_id)
