"""Risk tables: reference data (scales, bands, hazard factors, criteria) and the register."""

from anjian.risks.models.reference import (
    Colour,
    FactStatus,
    HazardFactorCategory,
    LecAxis,
    LecFactor,
    LsAxis,
    LsScale,
    MajorHazardCriterion,
    MajorHazardCriterionList,
    RiskBand,
    RiskLevel,
    RiskMethod,
)
from anjian.risks.models.register import (
    LEVEL_ORDER,
    SEVERITY,
    ControlKind,
    ControlLevel,
    ControlMeasure,
    RiskPoint,
)

__all__ = [
    "LEVEL_ORDER",
    "SEVERITY",
    "ControlKind",
    "ControlLevel",
    "ControlMeasure",
    "RiskPoint",
    "Colour",
    "FactStatus",
    "HazardFactorCategory",
    "LecAxis",
    "LecFactor",
    "LsAxis",
    "LsScale",
    "MajorHazardCriterion",
    "MajorHazardCriterionList",
    "RiskBand",
    "RiskLevel",
    "RiskMethod",
]
