"""Investigation steps: open, findings, measures, 四不放过, report, reply (批复), close."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accidents.models import (
    Accident,
    Investigation,
    MeasureKind,
    RectificationMeasure,
    ResponsibilityFinding,
    SubjectKind,
)
from anjian.accidents.rulebook import load_rulebook
from anjian.accidents.rules import local_date
from anjian.accidents.workflows import ACCIDENT_FLOW, INVESTIGATION_FLOW
from anjian.core.access import access_for
from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import Department, Enterprise, User
from anjian.core.services.common import (
    create_audited,
    locked,
    past_moment,
    require_text,
    update_audited,
)
from anjian.duties.services.obligations import obligation_create
from anjian.hazards.models import HazardSource
from anjian.hazards.services.hazards import hazard_report


def _finish(by: User | None, row: Investigation, action: str, changes: dict) -> Investigation:
    """The step's changes, state and version, audited under the accident's region."""
    return INVESTIGATION_FLOW.finish(by, row, action, changes, region=row.accident.region_id)


@transaction.atomic
def investigation_open(
    *, by: User | None, accident: Accident, led_by: str, team: str, now: dt.datetime | None = None
) -> Investigation:
    """Form the investigation team at the level the grade requires; the report is due in 60 days."""
    row = ACCIDENT_FLOW.begin(by, accident, "investigate")
    investigation = Investigation(
        accident=row,
        level=row.grade.investigated_by,
        led_by=require_text(led_by, "led_by", "牵头单位"),
        team=require_text(team, "team", "调查组组成"),
        opened_at=past_moment(now, field="now", not_before=row.occurred_at),
        report_due=load_rulebook().investigation_report_due(row),
    )
    return create_audited(by=by, obj=investigation, action="investigation.open")


@transaction.atomic
def investigation_update(
    *,
    by: User | None,
    investigation: Investigation,
    data: dict,
    expected_version: int | None = None,
) -> Investigation:
    """Change the team, the lead unit or the causes found so far."""
    row = INVESTIGATION_FLOW.begin(by, investigation, "update", version=expected_version)
    unknown = set(data) - {"led_by", "team", "causes"}
    if unknown:
        raise ValidationError({name: "该字段不能在此修改。" for name in sorted(unknown)})
    changes = {k: v for k, v in data.items() if getattr(row, k) != v}
    return _finish(by, row, "update", changes) if changes else row


@transaction.atomic
def finding_add(
    *,
    by: User | None,
    investigation: Investigation,
    subject_kind: str,
    subject: str,
    responsibility: str,
    handling: str,
    position: str = "",
) -> ResponsibilityFinding:
    """Record the responsibility of a person or a unit and how it is handled."""
    row = INVESTIGATION_FLOW.begin(by, investigation, "finding")
    if subject_kind not in SubjectKind.values:
        raise ValidationError({"subject_kind": "请选择个人或单位。"})
    finding = ResponsibilityFinding(
        investigation=row,
        subject_kind=subject_kind,
        subject=require_text(subject, "subject", "责任人或责任单位"),
        position=(position or "").strip(),
        responsibility=require_text(responsibility, "responsibility", "责任认定"),
        handling=require_text(handling, "handling", "处理建议或结果"),
    )
    return create_audited(
        check_scope=False,
        by=by,
        obj=finding,
        action="investigation.finding",
        region=row.accident.region_id,
    )


@transaction.atomic
def measure_add(
    *,
    by: User | None,
    investigation: Investigation,
    description: str,
    responsible: str,
    kind: str = MeasureKind.MEASURE,
    enterprise: Enterprise | None = None,
    department: Department | None = None,
    due_date: dt.date | None = None,
) -> RectificationMeasure:
    """Record a rectification measure. 转为隐患 reports it as a hazard of the enterprise
    (事故倒查, the accident's own enterprise unless another is named); 转为责任事项 assigns it
    to the responsible department as a tracked obligation with the measure's deadline."""
    row = INVESTIGATION_FLOW.begin(by, investigation, "measure")
    accident = row.accident
    if kind not in MeasureKind.values:
        raise ValidationError({"kind": "请选择措施类型。"})
    if kind == MeasureKind.HAZARD:
        enterprise = enterprise or accident.enterprise
        if enterprise is None:
            raise ValidationError({"enterprise": "转为隐患的整改措施请选择整改单位。"})
    if kind == MeasureKind.OBLIGATION and department is None:
        raise ValidationError({"department": "转为责任事项的整改措施请选择责任部门。"})
    for anchor in (enterprise, department):
        if anchor is not None:
            access_for(by).require("view", anchor)
    measure = RectificationMeasure(
        investigation=row,
        description=require_text(description, "description", "整改措施"),
        kind=kind,
        responsible=require_text(responsible, "responsible", "责任单位"),
        enterprise=enterprise,
        department=department,
        due_date=due_date,
        recorded_by=by,
    )
    create_audited(
        check_scope=False,
        by=by,
        obj=measure,
        action="investigation.measure",
        region=accident.region_id,
    )
    if kind == MeasureKind.HAZARD:
        hazard = hazard_report(
            by=by,
            enterprise=enterprise,
            source=HazardSource.ACCIDENT,
            place=f"事故倒查：{accident.title}"[:200],
            description=measure.description,
        )
        _link(by, measure, "hazard", hazard)
    elif kind == MeasureKind.OBLIGATION:
        obligation = obligation_create(
            by=by,
            region=accident.region.county,
            text=measure.description,
            lead=department,
            due_date=due_date,
            origin=f"事故调查：{accident.title}",
            origin_url=row.get_absolute_url(),
        )
        _link(by, measure, "obligation", obligation)
    return measure


def _link(by: User | None, measure: RectificationMeasure, field: str, target) -> None:
    update_audited(
        check_scope=False,
        by=by,
        obj=measure,
        changes={field: target},
        action=f"investigation.measure.{field}",
        region=measure.investigation.accident.region_id,
    )


@transaction.atomic
def measure_complete(*, by: User | None, measure: RectificationMeasure) -> RectificationMeasure:
    """Mark a rectification measure done."""
    investigation = INVESTIGATION_FLOW.begin(by, measure.investigation, "complete_measure")
    row = locked(measure)
    if row.is_completed:
        raise TransitionNotAllowed("该整改措施已完成。")
    return update_audited(
        check_scope=False,
        by=by,
        obj=row,
        changes={"completed_at": timezone.now()},
        action="investigation.measure_complete",
        region=investigation.accident.region_id,
    )


@transaction.atomic
def investigation_set_checklist(
    *, by: User | None, investigation: Investigation, flags: dict[str, bool]
) -> Investigation:
    """Tick or untick the 四不放过 items (原因查清、责任处理、措施落实、人员受教育)."""
    row = INVESTIGATION_FLOW.begin(by, investigation, "checklist")
    unknown = set(flags) - set(Investigation.checklist_fields)
    if unknown:
        raise ValidationError({name: "不是“四不放过”事项。" for name in sorted(unknown)})
    changes = {k: bool(v) for k, v in flags.items() if getattr(row, k) != bool(v)}
    return _finish(by, row, "checklist", changes) if changes else row


@transaction.atomic
def investigation_submit_report(
    *,
    by: User | None,
    investigation: Investigation,
    causes: str,
    submitted_at: dt.datetime | None = None,
) -> Investigation:
    """Submit the investigation report; the reply is then due in 15 days (30 for 特别重大)."""
    row = INVESTIGATION_FLOW.begin(by, investigation, "submit_report")
    when = past_moment(submitted_at, field="submitted_at", not_before=row.opened_at)
    changes = {
        "causes": require_text(causes, "causes", "事故原因", min_length=5),
        "report_submitted_at": when,
        "reply_due": local_date(when) + dt.timedelta(days=row.accident.grade.reply_days),
    }
    return _finish(by, row, "submit_report", changes)


@transaction.atomic
def investigation_record_reply(
    *,
    by: User | None,
    investigation: Investigation,
    reply_document: str,
    replied_at: dt.datetime | None = None,
) -> Investigation:
    """Record the government's reply (批复) to the investigation report."""
    row = INVESTIGATION_FLOW.begin(by, investigation, "reply")
    changes = {
        "reply_document": require_text(reply_document, "reply_document", "批复文号"),
        "replied_at": past_moment(
            replied_at, field="replied_at", not_before=row.report_submitted_at
        ),
    }
    return _finish(by, row, "reply", changes)


@transaction.atomic
def investigation_close(*, by: User | None, investigation: Investigation) -> Investigation:
    """Close the case: only after the reply and with all four 四不放过 items complete."""
    row = INVESTIGATION_FLOW.begin(by, investigation, "close")
    return _finish(by, row, "close", {"closed_at": timezone.now()})
