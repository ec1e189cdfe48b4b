"""A hazard's lifecycle: report → assign → rectify → submit → close, or back with a reason."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.core.errors import PermissionDenied
from anjian.core.models import Enterprise
from anjian.core.services.common import require
from anjian.core.services.workflow import (
    change_audited,
    check_version,
    insert_audited,
    locked,
    past_moment,
)
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
from anjian.hazards.services.base import (
    ENTERPRISE,
    GOVERNMENT,
    can,
    event,
    notify,
    open_listing,
    require_authority,
    require_state,
    require_text,
)

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


def _store_photo(by, hazard: Hazard, stage: str, upload) -> HazardPhoto:
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
    return insert_audited(
        by=by, obj=photo, action=f"hazard.photo.{stage}", region=hazard.region_id, validate=False
    )


@transaction.atomic
def hazard_report(
    *,
    by,
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
    if source == HazardSource.SELF_CHECK:
        if not can(by, "hazard.add", enterprise, ENTERPRISE):
            raise PermissionDenied("“企业自查”的隐患只能由本企业人员上报。")
    elif not can(by, "hazard.add", enterprise, GOVERNMENT):
        raise PermissionDenied("只有管辖该企业的部门人员可以上报检查、抽查、举报或倒查发现的隐患。")
    if criterion is not None:
        level = HazardLevel.MAJOR
    if level not in HazardLevel.values:
        raise ValidationError({"level": "请选择隐患等级。"})
    hazard = Hazard(
        enterprise=enterprise,
        region_id=enterprise.region_id,
        department_id=enterprise.supervising_department_id,
        sector_id=enterprise.sector_id,
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
    hazard.full_clean()
    hazard.repeat_of = find_repeat(hazard, parameters()["repeat_window_months"])
    insert_audited(by=by, obj=hazard, action="hazard.report", region=hazard.region_id)
    require(by, "view", hazard)
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


def _transition(by, hazard: Hazard, changes: dict, kind: str, note: str, action: str) -> Hazard:
    previous = hazard.status
    changes = {**changes, "version": hazard.version + 1}
    change_audited(by=by, obj=hazard, changes=changes, action=action, region=hazard.region_id)
    event(by, hazard, kind, note=note, from_status=previous)
    return hazard


@transaction.atomic
def hazard_assign(
    *,
    by,
    hazard: Hazard,
    owner_name: str,
    measures: str,
    deadline: dt.date,
    funds=0,
    owner=None,
    version: int | None = None,
) -> Hazard:
    """Name the owner, measures, funds and deadline (the hazard's authority does this)."""
    require_authority(by, hazard, "assign", "交办", closing=False)
    row = locked(hazard)
    check_version(row, version)
    require_state(row, {HazardStatus.REPORTED}, "交办")
    if deadline is None:
        raise ValidationError({"deadline": "请填写整改期限。"})
    # The platform itself (by=None) may record a historical ledger's past deadlines.
    if by is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": "整改期限不能早于今天。"})
    party = (
        DeadlineParty.ENTERPRISE
        if by is not None and not by.is_superuser and can(by, "hazard.assign", row, ENTERPRISE)
        else DeadlineParty.GOVERNMENT
    )
    changes = {
        "status": HazardStatus.ASSIGNED,
        "owner_name": require_text(owner_name, "owner_name", "整改责任人"),
        "owner": owner,
        "measures": require_text(measures, "measures", "整改措施"),
        "funds": _money(funds),
        "deadline": deadline,
        "deadline_party": party,
        "assigned_by": by,
    }
    _transition(
        by,
        row,
        changes,
        HazardEventKind.ASSIGNED,
        f"责任人{changes['owner_name']}，期限{deadline:%Y-%m-%d}。",
        "hazard.assign",
    )
    notify(
        by,
        row,
        HazardNotificationKind.ASSIGNED,
        f"隐患“{row.place}”已交办给{row.owner_name}，请于{deadline:%Y-%m-%d}前完成整改。",
        recipient=owner,
    )
    return row


def _require_enterprise(by, hazard: Hazard, what: str) -> None:
    require(by, "view", hazard)
    if not can(by, "hazard.rectify", hazard, ENTERPRISE):
        raise PermissionDenied(f"只有本企业的安全管理人员可以{what}。")


@transaction.atomic
def hazard_start(
    *,
    by,
    hazard: Hazard,
    version: int | None = None,
    owner_name: str = "",
    measures: str = "",
    funds=None,
) -> Hazard:
    """The enterprise starts rectifying; it may complete the owner, measures and funds."""
    _require_enterprise(by, hazard, "开始整改")
    row = locked(hazard)
    check_version(row, version)
    require_state(row, {HazardStatus.ASSIGNED}, "开始整改")
    changes = {"status": HazardStatus.RECTIFYING}
    if owner_name.strip():
        changes["owner_name"] = owner_name.strip()
    if measures.strip():
        changes["measures"] = measures.strip()
    if funds not in (None, ""):
        changes["funds"] = _money(funds)
    return _transition(by, row, changes, HazardEventKind.STARTED, "", "hazard.start")


@transaction.atomic
def hazard_submit(
    *, by, hazard: Hazard, rectification_note: str, photos=(), version: int | None = None
) -> Hazard:
    """The enterprise says what it did, with after photos, and asks for verification."""
    _require_enterprise(by, hazard, "提交整改验收")
    row = locked(hazard)
    check_version(row, version)
    require_state(row, {HazardStatus.RECTIFYING}, "提交验收")
    note = require_text(rectification_note, "rectification_note", "整改完成情况")
    for upload in photos:
        _store_photo(by, row, PhotoStage.AFTER, upload)
    if not row.photos.filter(stage=PhotoStage.AFTER).exists():
        raise ValidationError({"photos": "请上传至少一张整改后的照片。"})
    changes = {
        "status": HazardStatus.SUBMITTED,
        "rectification_note": note,
        "submitted_at": timezone.now(),
    }
    return _transition(by, row, changes, HazardEventKind.SUBMITTED, note[:200], "hazard.submit")


@transaction.atomic
def hazard_close(*, by, hazard: Hazard, note: str = "", version: int | None = None) -> Hazard:
    """Verify the rectification and close (销号); a listed hazard is delisted with it."""
    require_authority(by, hazard, "verify", "验收销号")
    row = locked(hazard)
    check_version(row, version)
    require_state(row, {HazardStatus.SUBMITTED}, "验收销号")
    now = timezone.now()
    listing = open_listing(row)
    changes = {
        "status": HazardStatus.CLOSED,
        "closed_at": now,
        "closed_by": by,
        "is_listed": False,
    }
    _transition(by, row, changes, HazardEventKind.CLOSED, note.strip(), "hazard.close")
    if listing is not None:
        change_audited(
            by=by,
            obj=listing,
            changes={"closed_at": now, "closed_by": by, "closing_note": note.strip()},
            action="hazardlisting.close",
            region=row.region_id,
        )
        event(by, row, HazardEventKind.DELISTED, note=f"{listing.authority.name}摘牌。")
    return row


@transaction.atomic
def hazard_return(*, by, hazard: Hazard, reason: str, version: int | None = None) -> Hazard:
    """Refuse the rectification with a reason: back to rectifying, the owner is told."""
    require_authority(by, hazard, "verify", "退回")
    row = locked(hazard)
    check_version(row, version)
    require_state(row, {HazardStatus.SUBMITTED}, "退回整改")
    reason = require_text(reason, "reason", "退回理由")
    changes = {"status": HazardStatus.RECTIFYING, "submitted_at": None}
    _transition(by, row, changes, HazardEventKind.RETURNED, reason, "hazard.return")
    notify(
        by,
        row,
        HazardNotificationKind.RETURNED,
        f"隐患“{row.place}”的整改被退回：{reason}",
        recipient=row.owner,
    )
    return row


@transaction.atomic
def hazard_photo_add(*, by, hazard: Hazard, stage: str, upload) -> HazardPhoto:
    """Add a before photo (while open) or an after photo (while rectifying)."""
    require(by, "view", hazard)
    if not can(by, "hazardphoto.add", hazard):
        raise PermissionDenied("您没有为该隐患上传照片的权限。")
    row = locked(hazard)
    if stage == PhotoStage.AFTER:
        require_state(row, {HazardStatus.RECTIFYING}, "上传整改后照片")
    elif stage == PhotoStage.BEFORE:
        require_state(row, {s for s in HazardStatus.values if s != "closed"}, "上传照片")
    else:
        raise ValidationError({"stage": "请选择照片阶段（整改前/整改后）。"})
    return _store_photo(by, row, stage, upload)


@transaction.atomic
def hazard_reclassify(
    *,
    by,
    hazard: Hazard,
    level: str,
    reason: str,
    criterion=None,
    version: int | None = None,
) -> Hazard:
    """The supervising department changes an open hazard's level (a criterion makes it 重大)."""
    require(by, "view", hazard)
    if not can(by, "hazard.verify", hazard, GOVERNMENT):
        raise PermissionDenied("只有监管部门可以认定或变更隐患等级。")
    row = locked(hazard)
    check_version(row, version)
    require_state(row, {s for s in HazardStatus.values if s != HazardStatus.CLOSED}, "变更等级")
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
    change_audited(
        by=by,
        obj=row,
        changes={**changes, "version": row.version + 1},
        action="hazard.reclassify",
        region=row.region_id,
    )
    event(by, row, HazardEventKind.LEVEL_CHANGED, note=note)
    return row
