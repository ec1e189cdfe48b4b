"""Reporting an accident, its figure changes and grade, and its reports up the chain."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accidents import rules
from anjian.accidents.models import (
    Accident,
    AccidentGrade,
    AccidentReport,
    AccidentRevision,
    ReportLevel,
    RevisionKind,
)
from anjian.accidents.rulebook import load_rulebook
from anjian.accidents.services.escalation import escalation_check
from anjian.accidents.workflows import ACCIDENT_FLOW
from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied
from anjian.core.models import User
from anjian.core.roles import AnchorKind
from anjian.core.services.common import create_audited, past_moment, require_text, update_audited

FIGURE_FIELDS = Accident.figure_fields


# Far above any accident on record, low enough to catch a slipped digit or a bogus request.
FIGURE_LIMITS = {
    "deaths": 100_000,
    "missing": 100_000,
    "serious_injuries": 100_000,
    "minor_injuries": 1_000_000,
    "direct_loss": Decimal("1000000000000"),
}


def clean_figures(values: dict) -> dict:
    """Whole, non-negative casualty counts and a non-negative loss in yuan; errors by field."""
    cleaned, errors = {}, {}
    for name in FIGURE_FIELDS:
        raw = values.get(name, 0)
        raw = 0 if raw in (None, "") else raw
        try:
            value = Decimal(str(raw)) if name == "direct_loss" else int(raw)
        except (TypeError, ValueError, InvalidOperation):
            errors[name] = "请填写数字。"
            continue
        if value < 0:
            errors[name] = "不能为负数。"
        elif value > FIGURE_LIMITS[name]:
            errors[name] = f"数值过大（上限{FIGURE_LIMITS[name]}），请核对。"
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _reporting_unit(by: User | None, accident: Accident) -> str:
    if accident.enterprise_id:
        return accident.enterprise.name
    if by is not None and by.department_id:
        return by.department.name
    return str(by) if by is not None else "系统"


def _record_grade(
    by: User | None,
    accident: Accident,
    kind: str,
    at: dt.datetime,
    *,
    before: AccidentGrade | None = None,
    within: bool | None = None,
    reason: str = "",
) -> None:
    """Append a step of the grade history: the figures and the grades as they now are."""
    revision = AccidentRevision(
        accident=accident,
        kind=kind,
        at=at,
        figures=accident.figures.as_dict(),
        grade_before=before,
        grade_after=accident.grade,
        computed_grade=accident.computed_grade,
        within_window=within,
        reason=reason,
        by=by,
    )
    create_audited(
        check_scope=False, by=by, obj=revision, action="accident.grade", region=accident.region_id
    )


def reports_only_as_enterprise_staff(user: User | None) -> bool:
    """True when every role that lets ``user`` report accidents is an enterprise's own."""
    if user is None or user.is_superuser:
        return False
    return access_for(user).anchor_kinds("accident.add") == {AnchorKind.ENTERPRISE}


@transaction.atomic
def accident_report(
    *,
    by: User | None,
    data: dict,
    unit_reported_at: dt.datetime | None = None,
    reporting_unit: str = "",
    now: dt.datetime | None = None,
    is_demo: bool = False,
) -> Accident:
    """Register an accident with its first (unit) report; the grade is computed from the figures."""
    now = now or timezone.now()
    unknown = set(data) - set(Accident.report_fields)
    if unknown:
        raise ValidationError({name: "该字段不存在或不可填写。" for name in sorted(unknown)})
    figures = clean_figures(data)
    values = {k: v for k, v in data.items() if k not in FIGURE_FIELDS}
    enterprise = values.get("enterprise")
    if reports_only_as_enterprise_staff(by):
        if enterprise is None:
            raise ValidationError({"enterprise": "企业用户只能报告本单位的事故，请选择本单位。"})
        for name, own in (
            ("region", enterprise.region),
            ("sector", enterprise.sector),
            ("department", enterprise.supervising_department),
        ):
            given = values.get(name)
            if given is not None and given.pk != own.pk:
                raise PermissionDenied(
                    f"企业用户报告的事故，其{Accident._meta.get_field(name).verbose_name}"
                    f"只能是本单位的“{own}”。"
                )
            values[name] = own
    if enterprise is not None:
        access_for(by).require("view", enterprise)
        if values.get("region") is None:
            values["region"] = enterprise.region
        if values.get("sector") is None:
            values["sector"] = enterprise.sector
        if values.get("department") is None:
            values["department"] = enterprise.supervising_department
    occurred_at = values.get("occurred_at")
    if occurred_at is None:
        raise ValidationError({"occurred_at": "请填写事故发生时间。"})
    occurred_at = past_moment(occurred_at, now=now, field="occurred_at")
    values["occurred_at"] = occurred_at
    unit_reported_at = past_moment(
        unit_reported_at, now=now, field="unit_reported_at", not_before=occurred_at
    )
    book = load_rulebook()
    grade = book.grade_for(rules.Figures(**figures))
    accident = Accident(
        **values,
        **figures,
        grade=grade,
        computed_grade=grade,
        reported_by=by,
        is_demo=is_demo,
    )
    create_audited(by=by, obj=accident, action="accident.report")
    _record_grade(by, accident, RevisionKind.REPORTED, now)
    create_audited(
        check_scope=False,
        by=by,
        obj=AccidentReport(
            accident=accident,
            level=ReportLevel.UNIT,
            reported_at=unit_reported_at,
            reporting_unit=(reporting_unit or _reporting_unit(by, accident))[:100],
            recipient=rules.DESTINATION_LABELS["county"],
            recorded_by=accident.reported_by,
        ),
        action="accident.report_level",
        region=accident.region_id,
    )
    escalation_check(accident=accident, now=now)
    return accident


@transaction.atomic
def accident_update(
    *, by: User | None, accident: Accident, data: dict, expected_version: int | None = None
) -> Accident:
    """Correct the description of an accident (name, place, category, narrative, measures)."""
    row = ACCIDENT_FLOW.begin(by, accident, "update", version=expected_version)
    unknown = set(data) - set(Accident.descriptive_fields)
    if unknown:
        message = "伤亡和损失请用“补报伤亡/损失”修改；其他字段登记后不能修改。"
        raise ValidationError({name: message for name in sorted(unknown)})
    changes = {k: v for k, v in data.items() if getattr(row, k) != v}
    if not changes:
        return row
    changes["version"] = row.version + 1
    return update_audited(
        check_scope=False, by=by, obj=row, changes=changes, action="accident.update"
    )


@transaction.atomic
def accident_update_figures(
    *,
    by: User | None,
    accident: Accident,
    figures: dict,
    reason: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Accident:
    """Record changed casualties or loss (补报); inside the window the grade follows them.

    Inside 30 days (7 for road traffic and fire) of the accident the grade is recomputed and
    any override is cleared; later, the figures are recorded but the grade stays, and only
    ``accident_override_grade`` changes it.
    """
    row = ACCIDENT_FLOW.begin(by, accident, "update_figures", version=expected_version)
    last = row.revisions.order_by("-at").values_list("at", flat=True).first()
    at = past_moment(at, field="at", not_before=last or row.occurred_at)
    new = clean_figures({**{f: getattr(row, f) for f in FIGURE_FIELDS}, **figures})
    if all(getattr(row, f) == new[f] for f in FIGURE_FIELDS):
        raise ValidationError("伤亡和损失数据没有变化。")
    book = load_rulebook()
    computed = book.grade_for(rules.Figures(**new))
    within = rules.within_casualty_window(row.occurred_at, at, book.casualty_window_days(row))
    grade_before = row.grade
    changes = {**new, "computed_grade": computed, "version": row.version + 1}
    if within:
        changes.update(grade=computed, grade_overridden=False)
    update_audited(
        check_scope=False, by=by, obj=row, changes=changes, action="accident.update_figures"
    )
    reason = (reason or "").strip()
    _record_grade(
        by, row, RevisionKind.FIGURES, at, before=grade_before, within=within, reason=reason
    )
    if row.grade_id != grade_before.pk:
        escalation_check(accident=row, now=at)
    return row


@transaction.atomic
def accident_override_grade(
    *,
    by: User | None,
    accident: Accident,
    grade: AccidentGrade,
    reason: str,
    expected_version: int | None = None,
) -> Accident:
    """Set the grade by an authorised decision, with its reason (e.g. after the window)."""
    row = ACCIDENT_FLOW.begin(by, accident, "override_grade", version=expected_version)
    reason = require_text(reason, "reason", "认定理由", min_length=5)
    if row.grade_id == grade.pk:
        raise ValidationError({"grade": f"事故等级已是{grade}。"})
    grade_before = row.grade
    update_audited(
        check_scope=False,
        by=by,
        obj=row,
        changes={"grade": grade, "grade_overridden": True, "version": row.version + 1},
        action="accident.override_grade",
    )
    _record_grade(
        by, row, RevisionKind.OVERRIDE, timezone.now(), before=grade_before, reason=reason
    )
    escalation_check(accident=row)
    return row


@transaction.atomic
def report_upward(
    *,
    by: User | None,
    accident: Accident,
    reporting_unit: str,
    reported_at: dt.datetime | None = None,
    recipient: str = "",
    note: str = "",
) -> AccidentReport:
    """Record the next level's report up the chain (县 → 市 → 省 → 国务院有关部门)."""
    row = ACCIDENT_FLOW.begin(by, accident, "report_upward")
    level = row.next_report_level
    previous = max(
        row.reports.all(), key=lambda r: rules.REPORT_LEVELS.index(r.level), default=None
    )
    reported_at = past_moment(
        reported_at,
        now=timezone.now(),
        field="reported_at",
        not_before=previous.reported_at if previous else row.occurred_at,
    )
    report = AccidentReport(
        accident=row,
        level=level,
        reported_at=reported_at,
        reporting_unit=require_text(reporting_unit, "reporting_unit", "报告单位"),
        recipient=(recipient or rules.DESTINATION_LABELS[rules.DESTINATION[level]]).strip(),
        note=(note or "").strip(),
        recorded_by=by,
    )
    return create_audited(
        check_scope=False, by=by, obj=report, action="accident.report_level", region=row.region_id
    )
