"""Risk scores (LEC, LS) and their bands, read from the reference tables, never hard-coded.

``lec_score`` and ``ls_score`` check each factor against the loaded scales (pass the
scales in to stay off the database; ``lec_factor_scores``, ``ls_scale_values`` and
``load_bands`` read them); ``band_for`` picks the band whose inclusive lower bound is the
highest one not above the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Protocol, TypeVar

LEC_FACTOR_NAMES = {
    "L": "L（事故发生的可能性）",
    "E": "E（暴露于危险环境的频繁程度）",
    "C": "C（发生事故可能造成的后果）",
}
LS_AXIS_NAMES = {"L": "L（可能性）", "S": "S（严重性）"}
NOT_LOADED = "{what}未载入，请先运行 anjian load-reference"


class Band(Protocol):
    """What ``band_for`` needs of a band row (``RiskBand`` has it)."""

    method: str
    lower_bound: Decimal


B = TypeVar("B", bound=Band)


def plain(value) -> str:
    """A number as people write it: 6 not 6.0, 0.5 not 0.50; "" for None."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def _allowed_list(values: Iterable) -> str:
    return "、".join(plain(v) for v in sorted(values))


# ---- the loaded tables ---------------------------------------------------------------


def lec_factor_scores() -> dict[str, set[Decimal]]:
    """The allowed scores of each LEC factor: ``{"L": {…}, "E": {…}, "C": {…}}``."""
    from anjian.risks.models import LecFactor

    scores: dict[str, set[Decimal]] = {}
    for factor, score in LecFactor.objects.values_list("factor", "score"):
        scores.setdefault(factor, set()).add(score)
    return scores


def ls_scale_values() -> dict[str, set[int]]:
    """The allowed values of each LS axis: ``{"L": {1…5}, "S": {1…5}}``."""
    from anjian.risks.models import LsScale

    values: dict[str, set[int]] = {}
    for axis, value in LsScale.objects.values_list("axis", "value"):
        values.setdefault(axis, set()).add(value)
    return values


def load_bands(method: str) -> list:
    """The bands (``RiskBand``) of one method, ``"LEC"`` or ``"LS"``, highest bound first."""
    from anjian.risks.models import RiskBand

    return list(RiskBand.objects.filter(method=method).order_by("-lower_bound"))


# ---- scores and bands ----------------------------------------------------------------


def _as_decimal(value, label: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{label}取值 {value!r} 不是数值")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{label}取值 {value!r} 不是数值") from None
    if not number.is_finite():
        raise ValueError(f"{label}取值 {value!r} 不是数值")
    return number


def lec_score(l, e, c, *, scales: Mapping[str, Iterable[Decimal]] | None = None) -> Decimal:  # noqa: E741
    """D = L × E × C, each factor one of the values of its loaded LEC table."""
    if scales is None:
        scales = lec_factor_scores()
    product = Decimal(1)
    for factor, raw in (("L", l), ("E", e), ("C", c)):
        label = LEC_FACTOR_NAMES[factor]
        allowed = {Decimal(v) for v in scales.get(factor, ())}
        if not allowed:
            raise ValueError(NOT_LOADED.format(what=f"LEC 分值表中的 {label}"))
        value = _as_decimal(raw, label)
        if value not in allowed:
            raise ValueError(
                f"{label}取值 {plain(raw)} 不在 LEC 分值表中，可选：{_allowed_list(allowed)}"
            )
        product *= value
    return product


def ls_score(l, s, *, scales: Mapping[str, Iterable[int]] | None = None) -> int:  # noqa: E741
    """R = L × S, each one of the values (1–5) of its loaded LS scale."""
    if scales is None:
        scales = ls_scale_values()
    product = 1
    for axis, raw in (("L", l), ("S", s)):
        label = LS_AXIS_NAMES[axis]
        allowed = {int(v) for v in scales.get(axis, ())}
        if not allowed:
            raise ValueError(NOT_LOADED.format(what=f"LS 分值表中的 {label}"))
        if isinstance(raw, bool) or not isinstance(raw, int | str | Decimal):
            raise ValueError(f"{label}取值 {raw!r} 不是整数")
        value = _as_decimal(raw, label)
        if value != value.to_integral() or int(value) not in allowed:
            raise ValueError(
                f"{label}取值 {plain(raw)} 不在 LS 分值表中，可选：{_allowed_list(allowed)}"
            )
        product *= int(value)
    return product


def band_for(method: str, score, bands: Iterable[B]) -> B:
    """The band of ``method`` with the highest inclusive lower bound not above ``score``."""
    candidates = [b for b in bands if b.method == method]
    if not candidates:
        raise ValueError(NOT_LOADED.format(what=f"{method} 风险分级"))
    value = _as_decimal(score, f"{method} 分值")
    fitting = [b for b in candidates if Decimal(b.lower_bound) <= value]
    if not fitting:
        lowest = min(Decimal(b.lower_bound) for b in candidates)
        raise ValueError(f"{method} 分值 {plain(value)} 低于最低分级下限 {plain(lowest)}")
    return max(fitting, key=lambda b: Decimal(b.lower_bound))
