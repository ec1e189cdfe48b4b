"""Deadline extensions, 双报告, 挂牌督办, and the scheduled overdue and 双报告 checks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.models import Department, Region, User
from anjian.core.services.common import create_audited, require_text, update_audited
from anjian.core.workdays import work_calendar
from anjian.hazards.models import (
    DeadlineExtension,
    DeadlineParty,
    ExtensionStatus,
    Hazard,
    HazardEventKind,
    HazardListing,
    HazardNotificationKind,
)
from anjian.hazards.reference_data import parameters
from anjian.hazards.services.base import notify
from anjian.hazards.workflows import EXTENSION_FLOW, HAZARD_FLOW, event


@transaction.atomic
def extension_request(
    *, by: User | None, hazard: Hazard, requested_deadline: dt.date, reason: str
) -> DeadlineExtension:
    """The enterprise asks to move the deadline, with a reason; one request open at a time."""
    row = HAZARD_FLOW.begin(by, hazard, "extension")
    if requested_deadline is None or requested_deadline <= row.deadline:
        raise ValidationError(
            {"requested_deadline": f"申请的期限须晚于当前整改期限{row.deadline:%Y-%m-%d}。"}
        )
    extension = DeadlineExtension(
        hazard=row,
        previous_deadline=row.deadline,
        requested_deadline=requested_deadline,
        reason=require_text(reason, "reason", "延期理由"),
        requested_by=by,
    )
    try:
        with transaction.atomic():
            create_audited(
                check_scope=False,
                by=by,
                obj=extension,
                action="hazard.extension.request",
                region=row.region_id,
            )
    except IntegrityError as error:
        raise TransitionNotAllowed("该隐患已有待审批的延期申请。", code="state") from error
    event(
        by,
        row,
        HazardEventKind.EXTENSION_REQUESTED,
        note=f"申请延至{requested_deadline:%Y-%m-%d}：{extension.reason}",
    )
    department = row.department if row.deadline_party == DeadlineParty.GOVERNMENT else None
    notify(
        by,
        row,
        HazardNotificationKind.EXTENSION,
        f"隐患“{row.place}”申请整改延期至{requested_deadline:%Y-%m-%d}，请审批。",
        department=department,
    )
    return extension


@transaction.atomic
def extension_decide(
    *, by: User | None, extension: DeadlineExtension, approve: bool, note: str = ""
) -> DeadlineExtension:
    """Whoever set the deadline (the enterprise or the department side) approves or refuses."""
    hazard = Hazard.objects.select_for_update().get(pk=extension.hazard_id)
    row = EXTENSION_FLOW.begin(by, extension, "decide")
    row.hazard = hazard
    if not approve:
        require_text(note, "note", "不予延期的理由")
    update_audited(
        check_scope=False,
        by=by,
        obj=row,
        changes={
            "status": ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED,
            "decided_by": by,
            "decided_at": timezone.now(),
            "decision_note": note.strip(),
        },
        action="hazard.extension.decide",
        region=hazard.region_id,
    )
    if approve:
        update_audited(
            check_scope=False,
            by=by,
            obj=hazard,
            changes={
                "deadline": row.requested_deadline,
                "overdue_since": None,
                "version": hazard.version + 1,
            },
            action="hazard.extend",
            region=hazard.region_id,
        )
    kind = HazardEventKind.EXTENSION_APPROVED if approve else HazardEventKind.EXTENSION_REFUSED
    event(by, hazard, kind, note=note.strip() or f"期限延至{row.requested_deadline:%Y-%m-%d}。")
    return row


@transaction.atomic
def double_report_record(
    *,
    by: User | None,
    hazard: Hazard,
    department_on: dt.date | None = None,
    congress_on: dt.date | None = None,
) -> Hazard:
    """Record the dates a major hazard was reported to the department and the workers' congress."""
    row = HAZARD_FLOW.begin(by, hazard, "double_report")
    today = timezone.localdate()
    found = timezone.localdate(row.found_at)
    changes = {}
    for field, value in (
        ("reported_to_department_on", department_on),
        ("reported_to_congress_on", congress_on),
    ):
        if value is None:
            continue
        if value > today or value < found:
            raise ValidationError({field: "报告日期须在发现之日和今天之间。"})
        changes[field] = value
    if not changes:
        raise ValidationError({"reported_to_department_on": "请填写至少一个报告日期。"})
    reports = {
        "监管部门": changes.get("reported_to_department_on", row.reported_to_department_on),
        "职代会": changes.get("reported_to_congress_on", row.reported_to_congress_on),
    }
    parts = [f"{who}{day:%Y-%m-%d}" for who, day in reports.items() if day]
    return HAZARD_FLOW.finish(by, row, "double_report", changes, note="已报告：" + "，".join(parts))


def double_report_due(hazard: Hazard, calendar=None) -> dt.date:
    """The last working day on which both reports are on time."""
    calendar = calendar or work_calendar()
    days = parameters()["double_report_working_days"]
    return calendar.add_working_days(timezone.localdate(hazard.found_at), days)


@transaction.atomic
def hazard_list(
    *,
    by: User | None,
    hazard: Hazard,
    authority: Region,
    responsible_leader: str,
    supervising_unit: Department,
    deadline: dt.date,
    document_number: str = "",
) -> HazardListing:
    """挂牌督办: a government level lists an open major hazard in its area."""
    access_for(by).require("view", hazard)
    if not access_for(by).holds_region(authority.pk, "hazardlisting.add"):
        raise PermissionDenied(f"只有{authority.name}的安委办可以以该级名义挂牌督办。")
    row = HAZARD_FLOW.begin(by, hazard, "list")
    if not row.region.path.startswith(authority.path):
        raise ValidationError({"authority": f"该隐患不在{authority.name}辖区内。"})
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": "督办期限不能早于今天。"})
    if not supervising_unit.region.path.startswith(authority.path):
        raise ValidationError({"supervising_unit": f"督办单位须为{authority.name}辖区内的部门。"})
    listing = HazardListing(
        hazard=row,
        authority=authority,
        document_number=document_number.strip(),
        responsible_leader=require_text(responsible_leader, "responsible_leader", "包保责任领导"),
        supervising_unit=supervising_unit,
        deadline=deadline,
        listed_by=by,
    )
    create_audited(
        check_scope=False, by=by, obj=listing, action="hazard.listing.add", region=row.region_id
    )
    HAZARD_FLOW.finish(
        by,
        row,
        "list",
        {"is_listed": True},
        note=f"{authority.name}挂牌督办，责任领导{listing.responsible_leader}，"
        f"督办单位{supervising_unit.name}，期限{deadline:%Y-%m-%d}。",
    )
    return listing


@transaction.atomic
def overdue_mark(*, today: dt.date | None = None) -> int:
    """Mark open hazards past their deadline, tell the owner and escalate to the department."""
    today = today or timezone.localdate()
    due = (
        Hazard.objects.open()
        .filter(deadline__lt=today, overdue_since__isnull=True)
        .select_for_update(of=("self",))
    )
    count = 0
    now = timezone.now()
    for hazard in due.select_related("department", "enterprise", "owner"):
        since = hazard.deadline + dt.timedelta(days=1)
        update_audited(
            check_scope=False,
            by=None,
            obj=hazard,
            changes={"overdue_since": since, "escalated_at": now},
            action="hazard.overdue",
            region=hazard.region_id,
            validate=False,
        )
        event(
            None, hazard, HazardEventKind.OVERDUE, note=f"整改期限{hazard.deadline:%Y-%m-%d}已过。"
        )
        notify(
            None,
            hazard,
            HazardNotificationKind.OVERDUE,
            f"隐患“{hazard.place}”已超过整改期限{hazard.deadline:%Y-%m-%d}，请尽快整改。",
            recipient=hazard.owner,
        )
        if hazard.department_id:
            event(None, hazard, HazardEventKind.ESCALATED, note=f"已上报{hazard.department.name}。")
            notify(
                None,
                hazard,
                HazardNotificationKind.ESCALATED,
                f"{hazard.enterprise.name}的隐患“{hazard.place}”逾期未整改。",
                department=hazard.department,
            )
        count += 1
    return count


@transaction.atomic
def double_report_check(*, today: dt.date | None = None) -> int:
    """Flag open major hazards missing a report past the allowed working days."""
    today = today or timezone.localdate()
    calendar = work_calendar()
    days = parameters()["double_report_working_days"]
    candidates = (
        Hazard.objects.major()
        .filter(double_report_late=False)
        .filter(Q(reported_to_department_on__isnull=True) | Q(reported_to_congress_on__isnull=True))
        .select_related("department", "enterprise")
        .select_for_update(of=("self",))
    )
    count = 0
    for hazard in candidates:
        due = calendar.add_working_days(timezone.localdate(hazard.found_at), days)
        if today <= due:
            continue
        update_audited(
            check_scope=False,
            by=None,
            obj=hazard,
            changes={"double_report_late": True},
            action="hazard.double_report_late",
            region=hazard.region_id,
            validate=False,
        )
        missing = []
        if hazard.reported_to_department_on is None:
            missing.append("监管部门")
        if hazard.reported_to_congress_on is None:
            missing.append("职代会")
        note = f"发现后{days}个工作日（至{due:%Y-%m-%d}）内未向{'、'.join(missing)}报告。"
        event(None, hazard, HazardEventKind.DOUBLE_REPORT_LATE, note=note)
        notify(
            None,
            hazard,
            HazardNotificationKind.DOUBLE_REPORT_LATE,
            f"{hazard.enterprise.name}的重大隐患“{hazard.place}”{note}",
            department=hazard.department,
        )
        count += 1
    return count
