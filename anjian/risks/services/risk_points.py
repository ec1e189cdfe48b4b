"""Registering, correcting, reassessing and deactivating risk points; the level is computed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.core.models import User
from anjian.core.services.common import create_audited, require, require_text, update_audited
from anjian.core.validators import normalise_phone
from anjian.risks.models import RiskPoint
from anjian.risks.services.assessment import ALL_INPUT_FIELDS, Assessment, Assessor
from anjian.risks.workflows import RISK_POINT_FLOW

# How long an assessment holds when no review date is given (每年至少开展一次风险辨识评估).
DEFAULT_REVIEW_DAYS = 365
TEXT_FIELDS = ("name", "place", "activity", "responsible_name", "responsible_phone")
M2M_FIELDS = ("hazard_factors", "accident_types")
# What a risk point is registered with, in the order forms and the API show it; score, level
# and colour are computed. Corrections take the same fields but the enterprise.
REGISTER_FIELDS = (
    "enterprise",
    "name",
    "place",
    "activity",
    *M2M_FIELDS,
    "method",
    *ALL_INPUT_FIELDS,
    "responsible_name",
    "responsible_phone",
    "next_review_on",
)
CREATE_FIELDS = frozenset(REGISTER_FIELDS)
EDITABLE_FIELDS = CREATE_FIELDS - {"enterprise"}
M2M_LABELS = {
    "hazard_factors": "请至少选择一项危险和有害因素（GB/T 13861代码）。",
    "accident_types": "请至少选择一种可能导致的事故类型（GB 6441代码）。",
}
MOVED = "风险点登记后不能改变所属单位；请停用后在新单位下登记。"


def _refuse_unknown(data: dict, allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        messages = {"enterprise": MOVED}
        raise ValidationError(
            {name: messages.get(name, "该字段不存在或不可填写。") for name in sorted(unknown)}
        )


def _clean_values(data: dict) -> dict:
    values = {}
    for name in TEXT_FIELDS:
        if name in data:
            values[name] = (data[name] or "").strip()
    if "responsible_phone" in values:
        values["responsible_phone"] = normalise_phone(values["responsible_phone"])
    return values


def _m2m_errors(m2m: dict) -> dict:
    return {name: M2M_LABELS[name] for name, rows in m2m.items() if not list(rows)}


def _assess_or_errors(assessor: Assessor, method, inputs: dict) -> tuple[Assessment | None, dict]:
    try:
        return assessor.assess(method, inputs), {}
    except ValidationError as error:
        return None, error.message_dict


def _validate(point: RiskPoint, errors: dict, skip: set[str], constraints: bool = True) -> None:
    """Every problem of the row in one round: assessment, measures lists and model fields.

    ``constraints=False`` skips the check constraint (a query per row): the assessment has
    already matched the inputs to the method, and the database still enforces it.
    """
    try:
        point.full_clean(
            exclude={"enterprise", "reported_by", *skip},
            validate_unique=False,
            validate_constraints=constraints,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


def _review_date(value, today: dt.date) -> dt.date:
    if value in (None, ""):
        return today + dt.timedelta(days=DEFAULT_REVIEW_DAYS)
    if not isinstance(value, dt.date):
        raise ValidationError({"next_review_on": "下次评估日期应为日期（YYYY-MM-DD）。"})
    return value


@transaction.atomic
def risk_point_create(
    *,
    by: User | None,
    data: dict,
    assessor: Assessor | None = None,
    today: dt.date | None = None,
    is_demo: bool = False,
) -> RiskPoint:
    """Register a risk point of an enterprise; score, level and colour come from the tables."""
    _refuse_unknown(data, CREATE_FIELDS)
    enterprise = data.get("enterprise")
    if enterprise is None:
        raise ValidationError({"enterprise": "请选择所属单位。"})
    require(by, "view", enterprise)
    point, m2m = new_risk_point(
        by=by, data=data, assessor=assessor or Assessor.load(), today=today, is_demo=is_demo
    )
    return create_audited(by=by, obj=point, action="riskpoint.create", m2m=m2m)


def new_risk_point(
    *,
    by: User | None,
    data: dict,
    assessor: Assessor,
    today: dt.date | None = None,
    is_demo: bool = False,
    constraints: bool = True,
) -> tuple[RiskPoint, dict]:
    """The risk point ``data`` describes, assessed and validated but not saved, and its
    many-to-many rows; every problem at once as a ValidationError by field."""
    enterprise = data.get("enterprise")
    today = today or timezone.localdate()
    assessment, errors = _assess_or_errors(assessor, data.get("method"), data)
    m2m = {name: list(data.get(name) or []) for name in M2M_FIELDS}
    errors.update(_m2m_errors(m2m))
    point = RiskPoint(
        enterprise=enterprise,
        **_clean_values(data),
        method=data.get("method") or "",
        assessed_on=today,
        reported_by=by if by is not None and by.pk else None,
        is_demo=is_demo,
    )
    try:
        point.next_review_on = _review_date(data.get("next_review_on"), today)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if assessment is not None:
        _apply_assessment(point, assessment)
    skip = {"score", "level", "colour", *ALL_INPUT_FIELDS} if assessment is None else set()
    if "next_review_on" in errors:
        skip.add("next_review_on")
    _validate(point, errors, skip, constraints)
    return point, m2m


def _apply_assessment(point: RiskPoint, assessment: Assessment) -> None:
    point.method = assessment.method
    for name, value in assessment.inputs.items():
        setattr(point, name, value)
    point.score = assessment.score
    point.level = assessment.level
    point.colour = assessment.colour


def risk_point_changes(
    *, row: RiskPoint, data: dict, assessor: Assessor, constraints: bool = True
) -> tuple[dict, dict]:
    """The field and many-to-many changes ``data`` makes to ``row``, assessment recomputed;
    every problem at once as a ValidationError by field. Nothing is saved."""
    values = _clean_values(data)
    if "next_review_on" in data:
        values["next_review_on"] = _review_date(data["next_review_on"], timezone.localdate())
    method = data.get("method") or row.method
    inputs = {name: getattr(row, name) for name in ALL_INPUT_FIELDS} if method == row.method else {}
    inputs.update({k: v for k, v in data.items() if k in ALL_INPUT_FIELDS})
    assessment, errors = _assess_or_errors(assessor, method, inputs)
    m2m = {name: list(data[name] or []) for name in M2M_FIELDS if name in data}
    errors.update(_m2m_errors(m2m))
    candidate = RiskPoint(**{f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields})
    for name, value in values.items():
        setattr(candidate, name, value)
    if assessment is not None:
        _apply_assessment(candidate, assessment)
    skip = set() if assessment is not None else set(ALL_INPUT_FIELDS)
    _validate(candidate, errors, skip, constraints)
    fields = [*values, "method", *ALL_INPUT_FIELDS, "score", "level", "colour"]
    changes = {n: getattr(candidate, n) for n in fields if getattr(candidate, n) != getattr(row, n)}
    m2m_changes = {
        name: rows
        for name, rows in m2m.items()
        if {r.pk for r in rows} != {r.pk for r in getattr(row, name).all()}
    }
    return changes, m2m_changes


@transaction.atomic
def risk_point_update(
    *,
    by: User | None,
    risk_point: RiskPoint,
    data: dict,
    expected_version: int | None = None,
    assessor: Assessor | None = None,
) -> RiskPoint:
    """Correct a risk point; a change of method or inputs recomputes score, level and colour."""
    row = RISK_POINT_FLOW.begin(by, risk_point, "update", version=expected_version)
    _refuse_unknown(data, EDITABLE_FIELDS)
    changes, m2m = risk_point_changes(row=row, data=data, assessor=assessor or Assessor.load())
    if not changes and not m2m:
        return row
    changes["version"] = row.version + 1
    return update_audited(by=by, obj=row, changes=changes, m2m=m2m, action="riskpoint.update")


@transaction.atomic
def risk_point_reassess(
    *,
    by: User | None,
    risk_point: RiskPoint,
    method: str | None = None,
    inputs: dict,
    next_review_on: dt.date | None = None,
    expected_version: int | None = None,
) -> RiskPoint:
    """Record a new assessment (定期评估): inputs, today's date and the next review date."""
    row = RISK_POINT_FLOW.begin(by, risk_point, "reassess", version=expected_version)
    unknown = set(inputs) - set(ALL_INPUT_FIELDS)
    if unknown:
        raise ValidationError({name: "不是评价输入项。" for name in sorted(unknown)})
    today = timezone.localdate()
    data = {"method": method or row.method, **inputs, "next_review_on": next_review_on}
    changes, _m2m = risk_point_changes(row=row, data=data, assessor=Assessor.load())
    changes.update(assessed_on=today, next_review_on=_review_date(next_review_on, today))
    return RISK_POINT_FLOW.finish(by, row, "reassess", changes)


@transaction.atomic
def risk_point_deactivate(
    *,
    by: User | None,
    risk_point: RiskPoint,
    reason: str,
    expected_version: int | None = None,
) -> RiskPoint:
    """Take a risk point out of use (设备拆除、作业取消…); it stays in the register's history."""
    row = RISK_POINT_FLOW.begin(by, risk_point, "deactivate", version=expected_version)
    reason = require_text(reason, "reason", "停用原因", min_length=2)
    return RISK_POINT_FLOW.finish(by, row, "deactivate", {"deactivated_reason": reason[:200]})
