"""A hazard's lifecycle: report → assign → rectify → submit → close, or back with a reason."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.core.access import ENTERPRISE, GOVERNMENT, access_for
from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.models import Enterprise, User
from anjian.core.services.common import create_audited, past_moment, require_text, update_audited
from anjian.core.uploads import validate_upload
from anjian.hazards.models import (
    DeadlineParty,
    Hazard,
    HazardEventKind,
    HazardLevel,
    HazardNotificationKind,
    HazardPhoto,
    HazardSource,
    HazardStatus,
    PhotoStage,
)
from anjian.hazards.reference_data import parameters
from anjian.hazards.services.base import notify
from anjian.hazards.workflows import HAZARD_FLOW, event, open_listing

PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def find_repeat(hazard: Hazard, window_months: int) -> Hazard | None:
    """The latest earlier hazard of the same enterprise with the same criterion (or the same
    category and place) found within ``window_months`` before this one."""
    earlier = Hazard.objects.filter(
        enterprise_id=hazard.enterprise_id,
        found_at__lt=hazard.found_at,
        found_at__gte=months_before(hazard.found_at, window_months),
    ).exclude(pk=hazard.pk)
    if hazard.criterion_id:
        match = earlier.filter(criterion_id=hazard.criterion_id)
    elif hazard.category_id:
        match = earlier.filter(category_id=hazard.category_id, place=hazard.place)
    else:
        return None
    return match.order_by("-found_at", "-id").first()


def _store_photo(by: User | None, hazard: Hazard, stage: str, upload) -> HazardPhoto:
    validate_upload(upload, extensions=PHOTO_EXTENSIONS)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    photo = HazardPhoto(
        hazard=hazard,
        stage=stage,
        name=upload.name[:200],
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    photo.image.save(upload.name, upload, save=False)
    return create_audited(
        check_scope=False,
        by=by,
        obj=photo,
        action=f"hazard.photo.{stage}",
        region=hazard.region_id,
        validate=False,
    )


@transaction.atomic
def hazard_report(
    *,
    by: User | None,
    enterprise: Enterprise,
    source: str,
    place: str,
    description: str,
    found_at: dt.datetime | None = None,
    category=None,
    accident_type=None,
    level: str = HazardLevel.GENERAL,
    criterion=None,
    photos=(),
    is_demo: bool = False,
) -> Hazard:
    """Record a hazard found at ``enterprise``; a major-hazard criterion makes it 重大."""
    if source not in HazardSource.values:
        raise ValidationError({"source": "请选择隐患的发现方式。"})
    access = access_for(by)
    if source == HazardSource.SELF_CHECK:
        if not access.allows("hazard.add", enterprise, ENTERPRISE):
            raise PermissionDenied("“企业自查”的隐患只能由本企业人员上报。")
    elif not access.allows("hazard.add", enterprise, GOVERNMENT):
        raise PermissionDenied("只有管辖该企业的部门人员可以上报检查、抽查、举报或倒查发现的隐患。")
    if criterion is not None:
        level = HazardLevel.MAJOR
    if level not in HazardLevel.values:
        raise ValidationError({"level": "请选择隐患等级。"})
    hazard = Hazard(
        source=source,
        found_by_department=(
            by.department if by is not None and source != HazardSource.SELF_CHECK else None
        ),
        found_at=past_moment(found_at, field="found_at", label="发现时间"),
        place=require_text(place, "place", "隐患部位"),
        description=require_text(description, "description", "隐患描述"),
        category=category,
        accident_type=accident_type,
        level=level,
        criterion=criterion,
        reported_by=by,
        is_demo=is_demo and by is None,
    )
    hazard.anchor_to(enterprise)
    hazard.full_clean()
    hazard.repeat_of = find_repeat(hazard, parameters()["repeat_window_months"])
    create_audited(check_scope=False, by=by, obj=hazard, action="hazard.report")
    access.require("view", hazard)
    event(by, hazard, HazardEventKind.REPORTED, note=hazard.description[:200])
    if hazard.repeat_of_id:
        event(
            by,
            hazard,
            HazardEventKind.REPEAT,
            note=f"12个月内重复出现，前次隐患编号{hazard.repeat_of_id}"
            f"（{timezone.localtime(hazard.repeat_of.found_at):%Y-%m-%d}）。",
        )
    for upload in photos:
        _store_photo(by, hazard, PhotoStage.BEFORE, upload)
    return hazard


def _money(value) -> Decimal:
    try:
        amount = Decimal(str(value or 0))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"funds": "整改资金请填写数字（元）。"}) from error
    if amount < 0:
        raise ValidationError({"funds": "整改资金不能为负数。"})
    return amount


@transaction.atomic
def hazard_assign(
    *,
    by: User | None,
    hazard: Hazard,
    owner_name: str,
    measures: str,
    deadline: dt.date,
    funds=0,
    owner: User | None = None,
    version: int | None = None,
) -> Hazard:
    """Name the owner, measures, funds and deadline (the hazard's authority does this)."""
    row = HAZARD_FLOW.begin(by, hazard, "assign", version=version)
    if deadline is None:
        raise ValidationError({"deadline": "请填写整改期限。"})
    # The platform itself (by=None) may record a historical ledger's past deadlines.
    if by is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": "整改期限不能早于今天。"})
    party = (
        DeadlineParty.ENTERPRISE
        if by is not None
        and not by.is_superuser
        and access_for(by).allows("hazard.assign", row, ENTERPRISE)
        else DeadlineParty.GOVERNMENT
    )
    changes = {
        "owner_name": require_text(owner_name, "owner_name", "整改责任人"),
        "owner": owner,
        "measures": require_text(measures, "measures", "整改措施"),
        "funds": _money(funds),
        "deadline": deadline,
        "deadline_party": party,
        "assigned_by": by,
    }
    HAZARD_FLOW.finish(
        by, row, "assign", changes, note=f"责任人{changes['owner_name']}，期限{deadline:%Y-%m-%d}。"
    )
    notify(
        by,
        row,
        HazardNotificationKind.ASSIGNED,
        f"隐患“{row.place}”已交办给{row.owner_name}，请于{deadline:%Y-%m-%d}前完成整改。",
        recipient=owner,
    )
    return row


@transaction.atomic
def hazard_start(
    *,
    by: User | None,
    hazard: Hazard,
    version: int | None = None,
    owner_name: str = "",
    measures: str = "",
    funds=None,
) -> Hazard:
    """The enterprise starts rectifying; it may complete the owner, measures and funds."""
    row = HAZARD_FLOW.begin(by, hazard, "start", version=version)
    changes = {}
    if owner_name.strip():
        changes["owner_name"] = owner_name.strip()
    if measures.strip():
        changes["measures"] = measures.strip()
    if funds not in (None, ""):
        changes["funds"] = _money(funds)
    return HAZARD_FLOW.finish(by, row, "start", changes)


@transaction.atomic
def hazard_submit(
    *,
    by: User | None,
    hazard: Hazard,
    rectification_note: str,
    photos=(),
    version: int | None = None,
) -> Hazard:
    """The enterprise says what it did, with after photos, and asks for verification."""
    row = HAZARD_FLOW.begin(by, hazard, "submit", version=version)
    note = require_text(rectification_note, "rectification_note", "整改完成情况")
    for upload in photos:
        _store_photo(by, row, PhotoStage.AFTER, upload)
    if not row.photos.filter(stage=PhotoStage.AFTER).exists():
        raise ValidationError({"photos": "请上传至少一张整改后的照片。"})
    changes = {"rectification_note": note, "submitted_at": timezone.now()}
    return HAZARD_FLOW.finish(by, row, "submit", changes, note=note[:200])


@transaction.atomic
def hazard_close(
    *, by: User | None, hazard: Hazard, note: str = "", version: int | None = None
) -> Hazard:
    """Verify the rectification and close (销号); a listed hazard is delisted with it."""
    row = HAZARD_FLOW.begin(by, hazard, "close", version=version)
    now = timezone.now()
    listing = open_listing(row)
    changes = {"closed_at": now, "closed_by": by, "is_listed": False}
    HAZARD_FLOW.finish(by, row, "close", changes, note=note.strip())
    if listing is not None:
        update_audited(
            check_scope=False,
            by=by,
            obj=listing,
            changes={"closed_at": now, "closed_by": by, "closing_note": note.strip()},
            action="hazardlisting.close",
            region=row.region_id,
        )
        event(by, row, HazardEventKind.DELISTED, note=f"{listing.authority.name}摘牌。")
    return row


@transaction.atomic
def hazard_return(
    *, by: User | None, hazard: Hazard, reason: str, version: int | None = None
) -> Hazard:
    """Refuse the rectification with a reason: back to rectifying, the owner is told."""
    row = HAZARD_FLOW.begin(by, hazard, "return", version=version)
    reason = require_text(reason, "reason", "退回理由")
    HAZARD_FLOW.finish(by, row, "return", {"submitted_at": None}, note=reason)
    notify(
        by,
        row,
        HazardNotificationKind.RETURNED,
        f"隐患“{row.place}”的整改被退回：{reason}",
        recipient=row.owner,
    )
    return row


@transaction.atomic
def hazard_photo_add(*, by: User | None, hazard: Hazard, stage: str, upload) -> HazardPhoto:
    """Add a before photo (while open) or an after photo (while rectifying)."""
    row = HAZARD_FLOW.begin(by, hazard, "photo")
    if stage not in PhotoStage.values:
        raise ValidationError({"stage": "请选择照片阶段（整改前/整改后）。"})
    if stage == PhotoStage.AFTER and row.status != HazardStatus.RECTIFYING:
        raise TransitionNotAllowed(
            f"隐患当前状态为“{row.get_status_display()}”，不能上传整改后照片。", code="state"
        )
    return _store_photo(by, row, stage, upload)


@transaction.atomic
def hazard_reclassify(
    *,
    by: User | None,
    hazard: Hazard,
    level: str,
    reason: str,
    criterion=None,
    version: int | None = None,
) -> Hazard:
    """The supervising department changes an open hazard's level (a criterion makes it 重大)."""
    row = HAZARD_FLOW.begin(by, hazard, "reclassify", version=version)
    if criterion is not None:
        level = HazardLevel.MAJOR
    if level not in HazardLevel.values:
        raise ValidationError({"level": "请选择隐患等级。"})
    if level == HazardLevel.GENERAL and row.is_listed:
        raise ValidationError({"level": "挂牌督办中的隐患不能降为一般隐患。"})
    reason = require_text(reason, "reason", "变更理由")
    if level == row.level and criterion == row.criterion:
        raise ValidationError({"level": "等级和判定依据都没有变化。"})
    before = row.get_level_display()
    changes = {"level": level, "criterion": criterion if level == HazardLevel.MAJOR else None}
    probe = Hazard(level=level)
    note = f"{before} → {probe.get_level_display()}：{reason}"
    if criterion is not None:
        note += f"（依据：{criterion}）"
    return HAZARD_FLOW.finish(by, row, "reclassify", changes, note=note)
