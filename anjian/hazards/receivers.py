"""What the hazard ledger does when the accidents app records something (事故倒查)."""

from __future__ import annotations

from anjian.accidents.models import MeasureKind
from anjian.core.services.workflow import change_audited
from anjian.hazards.models import HazardSource


def hazard_from_measure(sender, *, measure, by, **kwargs) -> None:
    """A rectification measure of kind "转为隐患" at an enterprise becomes a hazard (事故倒查)."""
    if measure.kind != MeasureKind.HAZARD or measure.enterprise_id is None:
        return
    from anjian.hazards.services.hazards import hazard_report

    accident = measure.investigation.accident
    hazard = hazard_report(
        by=by,
        enterprise=measure.enterprise,
        source=HazardSource.ACCIDENT,
        place=f"事故倒查：{accident.title}"[:200],
        description=measure.description,
    )
    change_audited(
        by=by,
        obj=measure,
        changes={"followup_ref": f"hazard:{hazard.pk}"},
        action="investigation.measure.hazard",
        region=accident.region_id,
    )
