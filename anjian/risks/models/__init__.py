"""Risk tables: reference data (scales, bands, hazard factors, major-hazard criteria)."""

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

__all__ = [
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
