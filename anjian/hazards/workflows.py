"""The hazard's transition tables: which step from which state, by whom, on what condition.

Services check them (``HAZARD_FLOW.begin``/``finish``), the detail page draws its buttons
from them and the API detail lists them as ``available_actions``: one copy of each rule.

Who verifies and closes follows the hazard, not only the role (see docs/roles.md): the
enterprise for a general hazard it found itself, the supervising department for everything
else and every major hazard, and for a 挂牌督办 hazard only a user assigned on the listing
region itself. An extension is decided by the side that set the deadline.
"""

from __future__ import annotations

from typing import Any

from anjian.core.access import ENTERPRISE, GOVERNMENT, Access
from anjian.core.services.common import create_audited
from anjian.core.workflows import Transition, Workflow
from anjian.hazards.models import (
    OPEN_STATUSES,
    DeadlineExtension,
    DeadlineParty,
    ExtensionStatus,
    Hazard,
    HazardEvent,
    HazardEventKind,
    HazardLevel,
    HazardListing,
    HazardSource,
    HazardStatus,
)

S = HazardStatus

AUTHORITY_LABELS = {
    "listing": "挂牌督办机关",
    "enterprise": "企业安全管理人员",
    "government": "监管部门",
}


def authority(hazard: Hazard, *, closing: bool = True) -> str:
    """Who verifies and closes: "listing", "enterprise" or "government".

    The listing level only takes over verification; assignment stays with the department.
    """
    if hazard.is_listed and closing:
        return "listing"
    if hazard.level == HazardLevel.GENERAL and hazard.source == HazardSource.SELF_CHECK:
        return "enterprise"
    return "government"


def open_listing(hazard: Hazard) -> HazardListing | None:
    """The hazard's open 挂牌督办 (from prefetched listings when the page loaded them)."""
    return next((row for row in hazard.listings.all() if row.closed_at is None), None)


def pending_extension(hazard: Hazard) -> DeadlineExtension | None:
    """The extension request awaiting a decision (from prefetched extensions if loaded)."""
    return next(
        (row for row in hazard.extensions.all() if row.status == ExtensionStatus.PENDING), None
    )


def is_authority(access: Access, hazard: Hazard, permission: str, *, closing: bool) -> bool:
    """Whether ``access`` is the hazard's authority for ``permission`` (see ``authority``)."""
    party = authority(hazard, closing=closing)
    if party == "listing":
        listing = open_listing(hazard)
        return listing is not None and access.holds_region(
            listing.authority_id, "hazardlisting.change"
        )
    kinds = ENTERPRISE if party == "enterprise" else GOVERNMENT
    return access.allows(permission, hazard, kinds)


def _authority_step(
    action: str, label: str, what: str, sources, target, permission: str, *, closing: bool
) -> Transition:
    return Transition(
        action,
        label,
        frozenset(sources),
        target,
        permission=permission,
        rule=lambda access, hazard: is_authority(access, hazard, permission, closing=closing),
        refusal=lambda hazard: (
            f"只有{AUTHORITY_LABELS[authority(hazard, closing=closing)]}可以{what}该隐患。"
        ),
    )


def _only_major(hazard: Hazard) -> str | None:
    return None if hazard.is_major else "只有重大隐患需要双报告。"


def _listable(hazard: Hazard) -> str | None:
    if not hazard.is_major:
        return "只有重大隐患可以挂牌督办。"
    if hazard.is_listed:
        return "该隐患已在挂牌督办中。"
    return None


def _no_pending_extension(hazard: Hazard) -> str | None:
    return "该隐患已有待审批的延期申请。" if pending_extension(hazard) else None


EVENT_OF = {
    "assign": HazardEventKind.ASSIGNED,
    "start": HazardEventKind.STARTED,
    "submit": HazardEventKind.SUBMITTED,
    "close": HazardEventKind.CLOSED,
    "return": HazardEventKind.RETURNED,
    "reclassify": HazardEventKind.LEVEL_CHANGED,
    "double_report": HazardEventKind.DOUBLE_REPORT,
    "list": HazardEventKind.LISTED,
}


def record_event(by: Any, hazard: Hazard, transition: Transition, previous: str, note: str) -> None:
    """Each step appends its line to the hazard's timeline (audited)."""
    if transition.action in EVENT_OF:
        event(
            by,
            hazard,
            EVENT_OF[transition.action],
            note=note,
            from_status=previous if transition.target else "",
        )


def event(by: Any, hazard: Hazard, kind: str, *, note: str = "", from_status: str = "") -> Any:
    """Append a step to the hazard's timeline (audited)."""
    row = HazardEvent(
        hazard=hazard,
        kind=kind,
        actor=by,
        note=note,
        from_status=from_status,
        to_status=hazard.status if from_status else "",
    )
    return create_audited(
        check_scope=False,
        by=by,
        obj=row,
        action=f"hazard.event.{kind}",
        region=hazard.region_id,
        validate=False,
    )


OPEN = OPEN_STATUSES

HAZARD_FLOW = Workflow(
    Hazard,
    [
        _authority_step(
            "assign", "交办整改", "交办", {S.REPORTED}, S.ASSIGNED, "hazard.assign", closing=False
        ),
        Transition(
            "start",
            "开始整改",
            frozenset({S.ASSIGNED}),
            S.RECTIFYING,
            permission="hazard.rectify",
            kinds=ENTERPRISE,
            refusal="只有本企业的安全管理人员可以开始整改。",
        ),
        Transition(
            "submit",
            "提交验收",
            frozenset({S.RECTIFYING}),
            S.SUBMITTED,
            permission="hazard.rectify",
            kinds=ENTERPRISE,
            refusal="只有本企业的安全管理人员可以提交整改验收。",
        ),
        _authority_step(
            "close", "验收销号", "验收销号", {S.SUBMITTED}, S.CLOSED, "hazard.verify", closing=True
        ),
        _authority_step(
            "return", "退回整改", "退回", {S.SUBMITTED}, S.RECTIFYING, "hazard.verify", closing=True
        ),
        Transition(
            "reclassify",
            "认定等级",
            OPEN,
            permission="hazard.verify",
            kinds=GOVERNMENT,
            refusal="只有监管部门可以认定或变更隐患等级。",
        ),
        Transition(
            "extension",
            "申请延期",
            frozenset({S.ASSIGNED, S.RECTIFYING}),
            permission="deadlineextension.add",
            kinds=ENTERPRISE,
            refusal="只有本企业的安全管理人员可以申请延期。",
            guard=_no_pending_extension,
        ),
        Transition(
            "double_report",
            "登记双报告",
            permission="hazard.doublereport",
            refusal="您没有登记该隐患双报告的权限。",
            guard=_only_major,
        ),
        Transition(
            "list",
            "挂牌督办",
            OPEN,
            permission="hazardlisting.add",
            kinds=GOVERNMENT,
            refusal="只有安委办可以挂牌督办。",
            guard=_listable,
        ),
        Transition(
            "photo",
            "上传照片",
            OPEN,
            permission="hazardphoto.add",
            refusal="您没有为该隐患上传照片的权限。",
        ),
    ],
    on_step=record_event,
)


def _decider_kinds(extension: DeadlineExtension) -> frozenset[str]:
    party = extension.hazard.deadline_party
    return ENTERPRISE if party == DeadlineParty.ENTERPRISE else GOVERNMENT


def _decider_refusal(extension: DeadlineExtension) -> str:
    who = "企业" if _decider_kinds(extension) is ENTERPRISE else "监管部门"
    return f"整改期限由{who}设定，只有{who}可以审批延期。"


EXTENSION_FLOW = Workflow(
    DeadlineExtension,
    [
        Transition(
            "decide",
            "审批延期",
            frozenset({ExtensionStatus.PENDING}),
            permission="deadlineextension.change",
            rule=lambda access, ext: access.allows(
                "deadlineextension.change", ext.hazard, _decider_kinds(ext)
            ),
            refusal=_decider_refusal,
        ),
    ],
)
