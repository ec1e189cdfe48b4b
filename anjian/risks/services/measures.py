"""Adding and removing the control measures (管控措施) of a risk point."""

from __future__ import annotations

from django.db import transaction

from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import User
from anjian.core.services.common import create_audited, require, update_audited
from anjian.core.services.workflow import locked, require_text
from anjian.risks.models import ControlMeasure, RiskPoint


@transaction.atomic
def measure_add(
    *,
    by: User | None,
    risk_point: RiskPoint,
    kind: str,
    control_level: str,
    text: str,
    responsible: str,
) -> ControlMeasure:
    """Add a control measure at a control level (公司/车间/班组/岗位) with its owner."""
    require(by, "change", risk_point)
    if not risk_point.is_active:
        raise TransitionNotAllowed("已停用的风险点不能添加管控措施。")
    measure = ControlMeasure(
        risk_point=risk_point,
        kind=kind,
        control_level=control_level,
        text=require_text(text, "text", "管控措施"),
        responsible=require_text(responsible, "responsible", "责任人"),
    )
    return create_audited(by=by, obj=measure, action="controlmeasure.add")


@transaction.atomic
def measure_remove(*, by: User | None, measure: ControlMeasure) -> ControlMeasure:
    """Take a measure off the risk point; the row and its history stay."""
    require(by, "change", measure)
    row = locked(measure)
    if not row.is_active:
        raise TransitionNotAllowed("该管控措施已撤销。")
    return update_audited(
        by=by,
        obj=row,
        changes={"is_active": False},
        action="controlmeasure.remove",
    )
