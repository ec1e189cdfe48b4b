"""Adding and removing the control measures (管控措施) of a risk point."""

from __future__ import annotations

from django.db import transaction

from anjian.core.models import User
from anjian.core.services.common import create_audited, require_text
from anjian.risks.models import ControlMeasure, RiskPoint
from anjian.risks.workflows import MEASURE_FLOW, RISK_POINT_FLOW


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
    row = RISK_POINT_FLOW.begin(by, risk_point, "add_measure")
    measure = ControlMeasure(
        risk_point=row,
        kind=kind,
        control_level=control_level,
        text=require_text(text, "text", "管控措施"),
        responsible=require_text(responsible, "responsible", "责任人"),
    )
    return create_audited(by=by, obj=measure, action="controlmeasure.add")


@transaction.atomic
def measure_remove(*, by: User | None, measure: ControlMeasure) -> ControlMeasure:
    """Take a measure off the risk point (撤销); the row and its history stay."""
    row = MEASURE_FLOW.begin(by, measure, "remove")
    return MEASURE_FLOW.finish(by, row, "remove")
