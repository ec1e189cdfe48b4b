"""LEC and LS scores are checked against the loaded scales and banded by the loaded bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from anjian.risks.models import RiskBand
from anjian.risks.scoring import band_for, lec_score, load_bands, ls_score


def test_lec_score_multiplies_the_three_factors(risk_scales):
    assert lec_score(10, 6, 7) == Decimal(420)
    assert lec_score("0.5", 1, 40) == Decimal(20)
    assert lec_score(Decimal("0.1"), Decimal("0.5"), 1) == Decimal("0.05")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((7, 6, 7), "L（事故发生的可能性）取值 7 不在 LEC 分值表中"),
        ((10, 4, 7), "E（暴露于危险环境的频繁程度）取值 4 不在 LEC 分值表中"),
        ((10, 6, 50), "C（发生事故可能造成的后果）取值 50 不在 LEC 分值表中"),
        (("abc", 6, 7), "L（事故发生的可能性）取值 'abc' 不是数值"),
        ((10, 6, None), "C（发生事故可能造成的后果）取值 None 不是数值"),
    ],
)
def test_lec_score_refuses_a_value_not_in_its_table(risk_scales, args, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        lec_score(*args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((6, 1), "L（可能性）取值 6 不在 LS 分值表中"),
        ((1, 0), "S（严重性）取值 0 不在 LS 分值表中"),
        ((2.5, 1), "L（可能性）取值 2.5 不是整数"),
        ((True, 1), "L（可能性）取值 True 不是整数"),
    ],
)
def test_ls_score_refuses_a_value_not_in_its_scale(risk_scales, args, message):
    with pytest.raises(ValueError, match=message):
        ls_score(*args)


def test_scores_say_when_the_tables_are_not_loaded(db):
    with pytest.raises(ValueError, match="load-reference"):
        lec_score(10, 6, 7)
    with pytest.raises(ValueError, match="load-reference"):
        ls_score(1, 1)
    with pytest.raises(ValueError, match="load-reference"):
        band_for("LEC", 100, load_bands("LEC"))


def test_scoring_is_pure_when_given_the_scales():
    scales = {"L": [Decimal(3)], "E": [Decimal(6)], "C": [Decimal(15)]}
    assert lec_score(3, 6, 15, scales=scales) == Decimal(270)
    assert ls_score(2, 3, scales={"L": [2], "S": [3]}) == 6


def test_lec_bands_at_each_lower_bound_and_just_below(risk_scales):
    bands = load_bands("LEC")
    levels = [b.level for b in bands]
    assert levels == ["major", "large", "general", "low"]
    for higher, lower in zip(bands, bands[1:], strict=False):
        assert band_for("LEC", higher.lower_bound, bands) == higher
        assert band_for("LEC", higher.lower_bound - Decimal("0.01"), bands) == lower
    bottom = bands[-1]
    assert band_for("LEC", bottom.lower_bound, bands) == bottom
    with pytest.raises(ValueError, match="低于最低分级下限"):
        band_for("LEC", bottom.lower_bound - Decimal("0.01"), bands)


def test_lec_bands_are_variant_a_of_the_notes(risk_scales):
    """regulations.md §2.1 Variant A: 重大 > 320, 较大 160–320, 一般 70–160, 低 ≤ 70."""
    bands = load_bands("LEC")
    cases = {
        Decimal(1000): "重大",
        Decimal(320): "重大",
        Decimal(319): "较大",
        Decimal(160): "较大",
        Decimal(159): "一般",
        Decimal(70): "一般",  # inclusive lower bound: see the boundary note in lec.json
        Decimal("69.99"): "低",
        Decimal("0.05"): "低",
    }
    for score, name in cases.items():
        assert band_for("LEC", score, bands).level_name == name, score
    assert band_for("LEC", lec_score(10, 6, 7), bands).colour == "red"
    assert band_for("LEC", lec_score(3, 6, 7), bands).colour == "yellow"


# regulations.md §2.3 Variant M1: 20–25 重大, 10–16 较大, 4–9 一般, 1–3 低.
M1 = [((20, 25), "major", "red"), ((10, 16), "large", "orange"), ((4, 9), "general", "yellow")]
M1 += [((1, 3), "low", "blue")]


def test_every_cell_of_the_5x5_matrix_maps_to_the_m1_band(risk_scales):
    bands = load_bands("LS")
    seen = set()
    for likelihood in range(1, 6):
        for severity in range(1, 6):
            r = ls_score(likelihood, severity)
            assert r == likelihood * severity
            band = band_for("LS", r, bands)
            (low, high), level, colour = next(m for m in M1 if m[0][0] <= r <= m[0][1])
            assert (band.level, band.colour) == (level, colour), (likelihood, severity, r)
            seen.add(level)
    assert seen == {"major", "large", "general", "low"}


def test_a_changed_bound_is_a_data_change_not_a_code_change(risk_scales):
    RiskBand.objects.filter(method="LS", level="large").update(lower_bound=9)
    assert band_for("LS", 9, load_bands("LS")).level == "large"


def test_band_for_uses_only_the_bands_of_the_method(risk_scales):
    everything = list(RiskBand.objects.all())
    assert band_for("LS", 25, everything).code == "ls-major"
    assert band_for("LEC", 25, everything).code == "lec-low"
