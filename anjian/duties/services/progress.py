"""Progress on an occurrence: submit (department), accept or return (coordinator), indicators."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import User
from anjian.core.uploads import validate_upload
from anjian.duties.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    Notification,
    NotificationKind,
    Occurrence,
    OccurrenceStatus,
    ProgressDecision,
    ProgressReport,
)
from anjian.duties.services.base import change_audited, insert_audited, require_action

EVIDENCE_EXTENSIONS = [".jpg", ".jpeg", ".png", ".pdf", ".docx", ".xlsx"]
MAX_EVIDENCE_FILES = 10


def _lock(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update()
        .select_related("obligation", "department")
        .get(pk=occurrence.pk)
    )


def _refuse(occurrence: Occurrence, what: str) -> None:
    raise TransitionNotAllowed(
        f"该任务周期当前状态为“{occurrence.get_status_display()}”，不能{what}。"
    )


@transaction.atomic
def progress_submit(
    *, by: User | None, occurrence: Occurrence, text: str, files=()
) -> ProgressReport:
    """A responsible department reports progress, with evidence files; the period awaits review."""
    require_action(by, "submit", occurrence, "只有该任务责任单位的工作人员可以提交进展。")
    locked = _lock(occurrence)
    if locked.status not in {OccurrenceStatus.OPEN, OccurrenceStatus.RETURNED}:
        _refuse(locked, "提交进展")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写进展情况。"})
    files = [f for f in files if f]
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError({"files": f"一次最多上传{MAX_EVIDENCE_FILES}个佐证文件。"})
    for f in files:
        try:
            validate_upload(f, extensions=EVIDENCE_EXTENSIONS)
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
    now = timezone.now()
    report = ProgressReport(
        occurrence=locked,
        department=locked.department,
        region_id=locked.region_id,
        text=text,
        by=by if by is not None and by.pk else None,
        submitted_at=now,
    )
    insert_audited(by=by, obj=report, action="progress.submit")
    for f in files:
        digest = hashlib.sha256()
        for chunk in f.chunks():
            digest.update(chunk)
        f.seek(0)
        evidence = Evidence(
            report=report, name=PurePath(f.name).name[:255], size=f.size, sha256=digest.hexdigest()
        )
        evidence.file.save(evidence.name, f, save=False)
        insert_audited(by=by, obj=evidence, action="evidence.add", region=locked.region)
    change_audited(
        by=by,
        obj=locked,
        changes={
            "status": OccurrenceStatus.SUBMITTED,
            "submitted_at": now,
            "version": locked.version + 1,
        },
        action="occurrence.submit",
    )
    return report


def _pending_report(occurrence: Occurrence) -> ProgressReport:
    report = occurrence.reports.filter(decision=ProgressDecision.PENDING).order_by("-id").first()
    if report is None:  # pragma: no cover - submitted always has a pending report
        raise TransitionNotAllowed("没有待审核的进展报告。")
    return report


@transaction.atomic
def progress_accept(*, by: User | None, occurrence: Occurrence) -> Occurrence:
    """The coordinator accepts the submitted progress: the period is done (on time or late)."""
    require_action(by, "review", occurrence, "只有安委办协调员可以审核进展。")
    locked = _lock(occurrence)
    if locked.status != OccurrenceStatus.SUBMITTED:
        _refuse(locked, "审核通过")
    now = timezone.now()
    report = _pending_report(locked)
    change_audited(
        by=by,
        obj=report,
        changes={
            "decision": ProgressDecision.ACCEPTED,
            "decided_by": by if by is not None and by.pk else None,
            "decided_at": now,
        },
        action="progress.accept",
    )
    on_time = timezone.localdate(report.submitted_at) <= locked.due_date
    return change_audited(
        by=by,
        obj=locked,
        changes={
            "status": OccurrenceStatus.ACCEPTED,
            "accepted_at": now,
            "on_time": on_time,
            "version": locked.version + 1,
        },
        action="occurrence.accept",
    )


@transaction.atomic
def progress_return(*, by: User | None, occurrence: Occurrence, reason: str) -> Occurrence:
    """The coordinator returns the progress with a reason; the department is notified."""
    require_action(by, "review", occurrence, "只有安委办协调员可以审核进展。")
    locked = _lock(occurrence)
    if locked.status != OccurrenceStatus.SUBMITTED:
        _refuse(locked, "退回")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回时请写明理由。"})
    now = timezone.now()
    report = _pending_report(locked)
    change_audited(
        by=by,
        obj=report,
        changes={
            "decision": ProgressDecision.RETURNED,
            "reason": reason,
            "decided_by": by if by is not None and by.pk else None,
            "decided_at": now,
        },
        action="progress.return",
    )
    change_audited(
        by=by,
        obj=locked,
        changes={"status": OccurrenceStatus.RETURNED, "version": locked.version + 1},
        action="occurrence.return",
    )
    notify(
        by=by,
        occurrence=locked,
        kind=NotificationKind.RETURNED,
        message=f"任务{locked.obligation.number}（{locked.period}）的进展被退回：{reason}"[:500],
    )
    return locked


def notify(*, by, occurrence: Occurrence, kind: str, message: str) -> Notification:
    """Tell the occurrence's department something (我的提醒); call inside a transaction."""
    notification = Notification(
        region_id=occurrence.region_id,
        department_id=occurrence.department_id,
        occurrence=occurrence,
        kind=kind,
        message=message,
        created_at=timezone.now(),
    )
    return insert_audited(by=by, obj=notification, action=f"notification.{kind}")


@transaction.atomic
def indicator_record(
    *, by: User | None, indicator: Indicator, value, note: str = ""
) -> IndicatorValue:
    """Record progress towards a target (e.g. 覆盖率 85%); it becomes the current value."""
    require_action(by, "change", indicator, "只有该任务的责任单位或安委办可以填报指标进展。")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"value": "请填写数值。"}) from error
    if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
        raise ValidationError({"value": "数值必须是不小于0的数。"})
    locked = Indicator.objects.select_for_update().select_related("obligation").get(pk=indicator.pk)
    recorded = IndicatorValue(
        indicator=locked,
        value=number.quantize(Decimal("0.01")),
        department_id=getattr(by, "department_id", None),
        note=(note or "")[:300],
        by=by if by is not None and by.pk else None,
    )
    insert_audited(by=by, obj=recorded, action="indicator.record", region=locked.obligation.region)
    change_audited(
        by=by,
        obj=locked,
        changes={"current_value": recorded.value},
        action="indicator.update",
        region=locked.obligation.region,
    )
    return recorded
