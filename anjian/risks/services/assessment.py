"""Score a risk point from its method's inputs and band it, with errors by field.

The scales and bands come from the reference tables (``anjian load-reference``) through
``scoring``; an ``Assessor`` loads them once so an import of many rows asks the database once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from anjian.core.spreadsheets import is_blank
from anjian.risks import scoring
from anjian.risks.models import RiskBand, RiskMethod

# The model field of each input of each method.
INPUT_FIELDS = {
    RiskMethod.LEC: {"L": "lec_l", "E": "lec_e", "C": "lec_c"},
    RiskMethod.LS: {"L": "ls_l", "S": "ls_s"},
}
LABELS = {RiskMethod.LEC: scoring.LEC_FACTOR_NAMES, RiskMethod.LS: scoring.LS_AXIS_NAMES}
ALL_INPUT_FIELDS = ("lec_l", "lec_e", "lec_c", "ls_l", "ls_s")


@dataclass(frozen=True)
class Assessment:
    """A computed score with its band: level, colour and the inputs as stored."""

    method: str
    inputs: dict[str, Decimal | int | None]  # by model field, the other method's set to None
    score: Decimal
    band: RiskBand

    @property
    def level(self) -> str:
        return self.band.level

    @property
    def colour(self) -> str:
        return self.band.colour


class Assessor:
    """The loaded scales and bands; ``assess`` scores one set of inputs against them."""

    def __init__(self, lec: dict, ls: dict, bands: list[RiskBand]):
        self.lec, self.ls, self.bands = lec, ls, bands

    @classmethod
    def load(cls) -> Assessor:
        return cls(
            scoring.lec_factor_scores(),
            scoring.ls_scale_values(),
            scoring.load_bands("LEC") + scoring.load_bands("LS"),
        )

    def allowed(self, method: str, axis: str) -> list:
        """The values an input may take, in ascending order."""
        scales = self.lec if method == RiskMethod.LEC else self.ls
        return sorted(scales.get(axis, ()))

    def _check_one(self, method: str, axis: str, value):
        """The input as stored, or ValueError naming it and the allowed values."""
        if method == RiskMethod.LEC:
            others = {a: next(iter(self.lec.get(a, [Decimal(1)])), 1) for a in ("L", "E", "C")}
            others[axis] = value
            scoring.lec_score(others["L"], others["E"], others["C"], scales=self.lec)
            return Decimal(str(value)).quantize(Decimal("0.1"))
        others = {a: next(iter(self.ls.get(a, [1])), 1) for a in ("L", "S")}
        others[axis] = value
        scoring.ls_score(others["L"], others["S"], scales=self.ls)
        return int(Decimal(str(value)))

    def assess(self, method, values: dict) -> Assessment:
        """Score ``values`` (keyed by model field: lec_l… or ls_l…); errors by field."""
        if method not in RiskMethod.values:
            allowed = "、".join(RiskMethod.values)
            raise ValidationError({"method": f"评价方法“{method or ''}”无效，可选：{allowed}。"})
        errors: dict[str, str] = {}
        inputs: dict[str, Decimal | int | None] = dict.fromkeys(ALL_INPUT_FIELDS)
        for axis, field in INPUT_FIELDS[method].items():
            raw = values.get(field)
            if is_blank(raw):
                errors[field] = f"请填写{LABELS[method][axis]}（{method}法）。"
                continue
            try:
                inputs[field] = self._check_one(method, axis, raw)
            except ValueError as error:
                errors[field] = f"{error}。"
        if errors:
            raise ValidationError(errors)
        if method == RiskMethod.LEC:
            score = scoring.lec_score(
                inputs["lec_l"], inputs["lec_e"], inputs["lec_c"], scales=self.lec
            )
        else:
            score = Decimal(scoring.ls_score(inputs["ls_l"], inputs["ls_s"], scales=self.ls))
        try:
            band = scoring.band_for(method, score, self.bands)
        except ValueError as error:
            raise ValidationError({"method": f"{error}。"}) from error
        return Assessment(method, inputs, score.quantize(Decimal("0.01")), band)
