"""Progress on an occurrence: submit (department), accept or return (coordinator), indicators."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from anjian.core.access import access_for
from anjian.core.models import User
from anjian.core.services.common import create_audited, locked, require_text, update_audited
from anjian.core.uploads import validate_upload
from anjian.duties.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    Notification,
    NotificationKind,
    Occurrence,
    ProgressReport,
)
from anjian.duties.workflows import OCCURRENCE_FLOW

EVIDENCE_EXTENSIONS = [".jpg", ".jpeg", ".png", ".pdf", ".docx", ".xlsx"]
MAX_EVIDENCE_FILES = 10


def _checked_files(files: Iterable[UploadedFile]) -> list[UploadedFile]:
    files = [f for f in files if f]
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError({"files": f"一次最多上传{MAX_EVIDENCE_FILES}个佐证文件。"})
    for f in files:
        try:
            validate_upload(f, extensions=EVIDENCE_EXTENSIONS)
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
    return files


def _store_evidence(by: User | None, report: ProgressReport, upload: UploadedFile) -> Evidence:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        report=report,
        name=PurePath(upload.name).name[:255],
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    evidence.file.save(evidence.name, upload, save=False)
    return create_audited(
        check_scope=False, by=by, obj=evidence, action="evidence.add", region=report.region_id
    )


@transaction.atomic
def progress_submit(
    *, by: User | None, occurrence: Occurrence, text: str, files: Iterable[UploadedFile] = ()
) -> ProgressReport:
    """A responsible department reports progress, with evidence files; the period awaits review."""
    row = OCCURRENCE_FLOW.begin(by, occurrence, "submit")
    text = require_text(text, "text", "进展情况")
    files = _checked_files(files)
    now = timezone.now()
    report = ProgressReport(
        occurrence=row,
        department_id=row.department_id,
        region_id=row.region_id,
        text=text,
        reported_by=by,
        submitted_at=now,
    )
    create_audited(check_scope=False, by=by, obj=report, action="progress.submit")
    for upload in files:
        _store_evidence(by, report, upload)
    OCCURRENCE_FLOW.finish(by, row, "submit", {"submitted_at": now})
    return report


@transaction.atomic
def progress_accept(*, by: User | None, occurrence: Occurrence) -> Occurrence:
    """The coordinator accepts the submitted progress: the period is done (on time or late)."""
    row = OCCURRENCE_FLOW.begin(by, occurrence, "accept")
    on_time = timezone.localdate(row.submitted_at) <= row.due_date
    changes = {"accepted_at": timezone.now(), "on_time": on_time}
    return OCCURRENCE_FLOW.finish(by, row, "accept", changes)


@transaction.atomic
def progress_return(*, by: User | None, occurrence: Occurrence, reason: str) -> Occurrence:
    """The coordinator returns the progress with a reason; the department is notified."""
    row = OCCURRENCE_FLOW.begin(by, occurrence, "return")
    reason = require_text(reason, "reason", "退回理由")
    OCCURRENCE_FLOW.finish(by, row, "return", note=reason)
    notify(
        by=by,
        occurrence=row,
        kind=NotificationKind.RETURNED,
        message=f"任务{row.obligation.number}（{row.period}）的进展被退回：{reason}"[:500],
    )
    return row


def notify(*, by: User | None, occurrence: Occurrence, kind: str, message: str) -> Notification:
    """Tell the occurrence's department something (我的提醒); call inside a transaction."""
    notification = Notification(
        region_id=occurrence.region_id,
        department_id=occurrence.department_id,
        occurrence=occurrence,
        kind=kind,
        message=message,
        created_at=timezone.now(),
    )
    return create_audited(check_scope=False, by=by, obj=notification, action=f"notification.{kind}")


@transaction.atomic
def indicator_record(
    *, by: User | None, indicator: Indicator, value: Decimal | str | float, note: str = ""
) -> IndicatorValue:
    """Record progress towards a target (e.g. 覆盖率 85%); it becomes the current value."""
    access_for(by).require("change", indicator, "只有该任务的责任单位或安委办可以填报指标进展。")
    amount = Indicator.amount(value)
    if amount is None:
        raise ValidationError({"value": "数值必须是不小于0的数。"})
    row = locked(indicator)
    region = row.obligation.region_id
    recorded = IndicatorValue(
        indicator=row,
        value=amount,
        department_id=getattr(by, "department_id", None),
        note=(note or "")[:300],
        reported_by=by,
    )
    create_audited(check_scope=False, by=by, obj=recorded, action="indicator.record", region=region)
    update_audited(
        check_scope=False,
        by=by,
        obj=row,
        changes={"current_value": amount},
        action="indicator.update",
        region=region,
    )
    return recorded
