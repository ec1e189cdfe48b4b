"""Accident tables: reference data, accidents and their chain, investigations, follow-up."""

from anjian.accidents.models.accidents import (
    Accident,
    AccidentReport,
    AccidentRevision,
    ReportLevel,
    RevisionKind,
)
from anjian.accidents.models.followup import (
    SUSPENDING_KINDS,
    EnterpriseSanction,
    IndustryWarning,
    Publication,
    SanctionKind,
    SanctionStatus,
    SupervisionTask,
    TaskStatus,
    WarningAcknowledgement,
)
from anjian.accidents.models.investigations import (
    Investigation,
    InvestigationStatus,
    MeasureKind,
    RectificationMeasure,
    ResponsibilityFinding,
    SubjectKind,
)
from anjian.accidents.models.reference import (
    AccidentGrade,
    AccidentParameter,
    EscalationRule,
    InvestigationLevel,
    ReopeningItem,
    ReportDestination,
)

__all__ = [
    "SUSPENDING_KINDS",
    "Accident",
    "AccidentGrade",
    "AccidentParameter",
    "AccidentReport",
    "AccidentRevision",
    "EnterpriseSanction",
    "EscalationRule",
    "IndustryWarning",
    "Investigation",
    "InvestigationLevel",
    "InvestigationStatus",
    "MeasureKind",
    "Publication",
    "RectificationMeasure",
    "ReopeningItem",
    "ReportDestination",
    "ReportLevel",
    "ResponsibilityFinding",
    "RevisionKind",
    "SanctionKind",
    "SanctionStatus",
    "SubjectKind",
    "SupervisionTask",
    "TaskStatus",
    "WarningAcknowledgement",
]
