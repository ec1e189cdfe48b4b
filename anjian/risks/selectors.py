"""Read queries of the risk reference tables, shared by scoring, pages and API."""

from __future__ import annotations

from decimal import Decimal

from anjian.risks.models import LecFactor, LsScale, RiskBand


def load_bands(method: str) -> list[RiskBand]:
    """The bands of one method (``"LEC"`` or ``"LS"``), highest lower bound first."""
    return list(RiskBand.objects.filter(method=method).order_by("-lower_bound"))


def lec_factor_scores() -> dict[str, set[Decimal]]:
    """The allowed scores of each LEC factor: ``{"L": {…}, "E": {…}, "C": {…}}``."""
    scores: dict[str, set[Decimal]] = {}
    for factor, score in LecFactor.objects.values_list("factor", "score"):
        scores.setdefault(factor, set()).add(score)
    return scores


def ls_scale_values() -> dict[str, set[int]]:
    """The allowed values of each LS axis: ``{"L": {1…5}, "S": {1…5}}``."""
    values: dict[str, set[int]] = {}
    for axis, value in LsScale.objects.values_list("axis", "value"):
        values.setdefault(axis, set()).add(value)
    return values
