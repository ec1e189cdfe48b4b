"""Public hazard reports (群众举报): submit with a receipt code, accept, verify, dismiss, reward.

《安全生产法》第七十六条 asks the departments to keep a channel for reports and to reward
reports that prove true; 《安全生产领域举报奖励办法》 sets out the rewards and says the
reporter's identity stays confidential. So: the contact is sealed at rest and every viewing
of it is audited; the receipt code is kept only as its hash; the reporter is told the status
and nothing else.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from anjian.core import audit, crypto
from anjian.core.access import access_for
from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import Enterprise, Region, RegionLevel, User
from anjian.core.services.common import create_audited
from anjian.core.uploads import validate_upload
from anjian.hazards.models import (
    Hazard,
    HazardLevel,
    HazardSource,
    PublicReport,
    PublicReportPhoto,
    PublicReportStatus,
    RewardStatus,
)
from anjian.hazards.reports.workflows import REPORT_FLOW
from anjian.hazards.services.hazards import hazard_report

PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")
MAX_PHOTOS = 5
MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 5000
NAME_PURPOSE = "hazards.publicreport.contact_name"
PHONE_PURPOSE = "hazards.publicreport.contact_phone"
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")

# ---- receipt codes ----------------------------------------------------------------------------

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARS = 20  # 20 × 5 = 100 random bits
CODE_GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_receipt_code() -> str:
    """100 random bits as 20 characters in groups of four: ``7KQ2-M9XD-…``."""
    bits = secrets.randbits(5 * CODE_CHARS)
    chars = [CODE_ALPHABET[(bits >> (5 * i)) & 31] for i in range(CODE_CHARS)]
    raw = "".join(chars)
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_CHARS, CODE_GROUP))


def normalise_code(text: str) -> str:
    """What the reporter typed, as the code: full-width folded, separators dropped, O→0, I/L→1."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[^0-9A-Z]", "", folded).translate(_READ_AS)


def receipt_hash(code: str) -> str:
    """The stored form of a code: SHA-256 of its normalised text.

    Unkeyed on purpose: with 100 random bits there is no list of likely codes to hash, so a
    database reader cannot find the code of a report, and the hash survives key rotation.
    """
    return hashlib.sha256(normalise_code(code).encode("ascii")).hexdigest()


# ---- the public side --------------------------------------------------------------------------


class _Public:
    """The audit actor of an anonymous submission (no user row; named "public" in the chain)."""

    pk = None

    def get_username(self) -> str:
        return "public"


PUBLIC = _Public()


def reportable_regions():
    """Regions the public may choose: the platform's counties and towns, in tree order."""
    return Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.TOWN)).order_by("path")


def match_enterprise(region: Region, name: str) -> Enterprise | None:
    """The one enterprise of exactly that name in the report's county, if there is exactly one."""
    name = (name or "").strip()
    if not name:
        return None
    matches = list(
        Enterprise.objects.filter(name=name, region__path__startswith=region.county.path)[:2]
    )
    return matches[0] if len(matches) == 1 else None


def _clean_submission(region, description, enterprise_name, address, contact_name, phone):
    errors: dict[str, str] = {}
    if region is None or region.level not in (RegionLevel.COUNTY, RegionLevel.TOWN):
        errors["region"] = "请选择隐患所在的县（市、区）或乡镇（街道）。"
    description = (description or "").strip()
    if not description:
        errors["description"] = "请填写举报内容。"
    elif len(description) < MIN_DESCRIPTION:
        errors["description"] = (
            f"举报内容请至少写{MIN_DESCRIPTION}个字，说明在什么地方、存在什么隐患。"
        )
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = f"举报内容最多{MAX_DESCRIPTION}个字。"
    if len(enterprise_name) > 200:
        errors["enterprise_name"] = "单位名称最多200个字。"
    if len(address) > 200:
        errors["address"] = "具体地点最多200个字。"
    if len(contact_name) > 50:
        errors["contact_name"] = "姓名最多50个字。"
    if phone and not PHONE.match(phone):
        errors["contact_phone"] = (
            "请填写正确的手机号码或固定电话，例如13800138000或0351-1234567；不留电话可以不填。"
        )
    if errors:
        raise ValidationError(errors)
    return description


def _check_photos(photos) -> list:
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": f"最多上传{MAX_PHOTOS}张照片。"})
    for upload in photos:
        try:
            validate_upload(upload, extensions=PHOTO_EXTENSIONS)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from error
    return photos


def _store_photo(report: PublicReport, number: int, upload) -> PublicReportPhoto:
    """Keep a photo under a random file name (the reporter's own name may say who they are)."""
    extension = PurePath(upload.name).suffix.lower()
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    photo = PublicReportPhoto(
        report=report, name=f"举报照片{number}{extension}", sha256=digest.hexdigest()
    )
    photo.image.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    return create_audited(
        check_scope=False,
        by=PUBLIC,
        obj=photo,
        action="publicreport.photo",
        region=report.region_id,
        validate=False,
    )


@transaction.atomic
def public_report_submit(
    *,
    region: Region | None,
    description: str,
    enterprise_name: str = "",
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    photos=(),
) -> tuple[PublicReport, str]:
    """Receive a report from the public (no login); return it and its receipt code.

    The code is returned once and stored only as its hash: whoever loses it cannot be told
    it again, and nobody reading the database can look a report up by it.
    """
    enterprise_name = (enterprise_name or "").strip()
    address = (address or "").strip()
    contact_name = (contact_name or "").strip()
    phone = unicodedata.normalize("NFKC", contact_phone or "").replace(" ", "").strip()
    description = _clean_submission(
        region, description, enterprise_name, address, contact_name, phone
    )
    photos = _check_photos(photos)
    code = new_receipt_code()
    report = PublicReport(
        region=region,
        enterprise_name=enterprise_name,
        enterprise=match_enterprise(region, enterprise_name),
        address=address,
        description=description,
        contact_name_sealed=crypto.encrypt(contact_name, purpose=NAME_PURPOSE),
        contact_phone_sealed=crypto.encrypt(phone, purpose=PHONE_PURPOSE),
        receipt_hash=receipt_hash(code),
    )
    create_audited(
        check_scope=False, by=PUBLIC, obj=report, action="publicreport.submit", region=region.pk
    )
    for number, upload in enumerate(photos, start=1):
        _store_photo(report, number, upload)
    return report, code


@dataclass(frozen=True)
class ReceiptStatus:
    """All the public is told about a report: its status, and the reason or the outcome."""

    status: str
    status_label: str
    dismiss_reason: str
    hazards_created: int

    @property
    def message(self) -> str:
        if self.status == PublicReportStatus.VERIFIED:
            return f"经核查，举报情况属实，已立案隐患{self.hazards_created}项，正在督促整改。"
        if self.status == PublicReportStatus.DISMISSED:
            return f"经核查，不予立案。理由：{self.dismiss_reason}"
        if self.status == PublicReportStatus.ACCEPTED:
            return "举报已受理，正在核查。"
        return "举报已收到，等待受理。"


def receipt_lookup(code: str) -> ReceiptStatus | None:
    """The status of the report with this code, or None (the same for a wrong or malformed code).

    The code is hashed and looked up by the hash in one indexed query: nothing compares the
    typed text with a stored code, so the answer's timing tells nothing about near misses.
    """
    row = (
        PublicReport.objects.filter(receipt_hash=receipt_hash(code))
        .annotate(hazard_count=Count("hazards"))
        .values("status", "dismiss_reason", "hazard_count")
        .first()
    )
    if row is None:
        return None
    return ReceiptStatus(
        status=row["status"],
        status_label=str(PublicReportStatus(row["status"]).label),
        dismiss_reason=row["dismiss_reason"] if row["status"] == "dismissed" else "",
        hazards_created=row["hazard_count"],
    )


# ---- the handlers' side -----------------------------------------------------------------------


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def report_accept(
    *,
    by: User | None,
    report: PublicReport,
    enterprise: Enterprise | None = None,
    version: int | None = None,
) -> PublicReport:
    """受理: take the report on for checking, naming the enterprise it concerns when known."""
    row = REPORT_FLOW.begin(by, report, "accept", version=version)
    changes = {"accepted_at": timezone.now(), "accepted_by": by}
    if enterprise is not None:
        access_for(by).require("view", enterprise)
        changes["enterprise"] = enterprise
    return REPORT_FLOW.finish(by, row, "accept", changes)


@dataclass
class HazardFinding:
    """One hazard the check confirmed: where, what and how serious (for ``report_verify``)."""

    enterprise: Enterprise | None
    place: str
    description: str
    level: str = HazardLevel.GENERAL


def _clean_findings(findings: list[HazardFinding]) -> list[HazardFinding]:
    if not findings:
        raise ValidationError({"hazards": "查证属实时请至少登记一项隐患。"})
    problems = []
    for number, finding in enumerate(findings, start=1):
        missing = [
            label
            for label, value in (
                ("隐患单位", finding.enterprise),
                ("隐患部位", (finding.place or "").strip()),
                ("隐患描述", (finding.description or "").strip()),
            )
            if not value
        ]
        if missing:
            problems.append(f"第{number}项隐患请填写{'、'.join(missing)}。")
        if finding.level not in HazardLevel.values:
            problems.append(f"第{number}项隐患请选择隐患等级。")
    if problems:
        raise ValidationError({"hazards": problems})
    return findings


def _photo_copies(report: PublicReport) -> list[File]:
    """The report's photos as uploads for ``hazard_report`` (under their neutral names)."""
    return [File(photo.image.open("rb"), name=photo.name) for photo in report.photos.all()]


@transaction.atomic
def report_verify(
    *,
    by: User | None,
    report: PublicReport,
    finding: str,
    hazards: list[HazardFinding],
    copy_photos: bool = False,
    version: int | None = None,
) -> PublicReport:
    """查证属实: record what the check found and enter each confirmed hazard in the ledger.

    Each hazard is reported through ``hazard_report`` with source 群众举报, so it follows the
    ordinary lifecycle; the caller must be allowed to report hazards at each enterprise.
    The report's photos are copied to the hazards only when asked: the enterprise sees a
    hazard's photos, and a photo may show who took it.
    """
    row = REPORT_FLOW.begin(by, report, "verify", version=version)
    finding = _required(finding, "finding", "请填写核查情况。")
    created: list[Hazard] = []
    for item in _clean_findings(hazards):
        photos = _photo_copies(row) if copy_photos else []
        try:
            hazard = hazard_report(
                by=by,
                enterprise=item.enterprise,
                source=HazardSource.PUBLIC,
                place=item.place,
                description=item.description,
                category=None,
                accident_type=None,
                level=item.level,
                criterion=None,
                photos=photos,
            )
        finally:
            for photo in photos:
                photo.close()
        created.append(hazard)
    before = audit.snapshot(row)
    row.status = PublicReportStatus.VERIFIED
    row.finding = finding
    row.decided_at = timezone.now()
    row.decided_by = by
    row.version += 1
    if row.enterprise_id is None:
        row.enterprise = created[0].enterprise
    row.save()
    row.hazards.add(*created)
    audit.record(
        actor=by,
        action="publicreport.verify",
        obj=row,
        before=before,
        after=audit.snapshot(row),
        region=Region(pk=row.region_id),
    )
    return row


@transaction.atomic
def report_dismiss(
    *, by: User | None, report: PublicReport, reason: str, version: int | None = None
) -> PublicReport:
    """不予立案: close the report with a reason (the reporter sees the reason by receipt code)."""
    row = REPORT_FLOW.begin(by, report, "dismiss", version=version)
    reason = _required(reason, "reason", "请填写不予立案的理由（举报人凭回执码可以看到）。")
    changes = {"dismiss_reason": reason, "decided_at": timezone.now(), "decided_by": by}
    return REPORT_FLOW.finish(by, row, "dismiss", changes)


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"amount": "奖励金额请填写数字（元）。"}) from error
    if amount <= 0:
        raise ValidationError({"amount": "奖励金额应大于0元。"})
    if amount >= Decimal("1e10"):
        raise ValidationError({"amount": "奖励金额过大，请核对。"})
    return amount


@transaction.atomic
def report_reward(
    *,
    by: User | None,
    report: PublicReport,
    status: str,
    amount=None,
    note: str = "",
    version: int | None = None,
) -> PublicReport:
    """Decide the reward of a verified report: 拟奖励 (with an amount), 已发放 or 不予奖励.

    Only a report that proved true is rewarded (《安全生产领域举报奖励办法》); a paid reward is
    final, and refusing one needs a reason.
    """
    row = REPORT_FLOW.begin(by, report, "reward", version=version)
    if status not in RewardStatus.values:
        raise ValidationError({"status": "请选择奖励决定：拟奖励、已发放或不予奖励。"})
    if status == RewardStatus.PAID and row.reward_status != RewardStatus.PROPOSED:
        raise TransitionNotAllowed("请先登记拟奖励的金额，再登记发放。", code="state")
    note = (note or "").strip()
    amount = _amount(amount)
    if status == RewardStatus.REFUSED:
        note = _required(note, "note", "不予奖励时请写明理由。")
        amount = None
    else:
        amount = amount if amount is not None else row.reward_amount
        if amount is None:
            raise ValidationError({"amount": "请填写奖励金额（元）。"})
    changes = {
        "reward_status": status,
        "reward_amount": amount,
        "reward_note": note,
        "reward_decided_at": timezone.now(),
        "reward_decided_by": by,
    }
    return REPORT_FLOW.finish(by, row, "reward", changes)


@dataclass(frozen=True)
class Contact:
    """The reporter's contact as they gave it (empty strings when anonymous)."""

    name: str
    phone: str


@transaction.atomic
def report_contact(*, by: User | None, report: PublicReport) -> Contact:
    """Open the reporter's contact for a handler with ``publicreport.contact``; audit the viewing.

    Each call appends an event (who looked, when, from which request) whose before and after
    are the report's unchanged state, so ``audit verify --state`` still holds.
    """
    REPORT_FLOW.require_allowed(by, report, "contact")
    row = PublicReport.objects.get(pk=report.pk)
    state = audit.snapshot(row)
    audit.record(
        actor=by,
        action="publicreport.contact.view",
        obj=row,
        before=state,
        after=state,
        region=Region(pk=row.region_id),
    )
    return Contact(
        name=crypto.decrypt(row.contact_name_sealed, purpose=NAME_PURPOSE),
        phone=crypto.decrypt(row.contact_phone_sealed, purpose=PHONE_PURPOSE),
    )
