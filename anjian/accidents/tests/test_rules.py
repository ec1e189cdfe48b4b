"""The pure rules at their edges: grades from the shipped data, windows, deadlines, escalation."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.accidents import rules
from anjian.accidents.rules import Figures

DATA = Path(__file__).resolve().parents[1] / "data"
TZ = dt.timezone(dt.timedelta(hours=8))


def load_rows(name: str) -> list[dict]:
    doc = json.loads((DATA / name).read_text(encoding="utf-8"))
    return [dict(zip(doc["columns"], row, strict=True)) for row in doc["rows"]]


def shipped_grades() -> list[rules.GradeRule]:
    """The grade rows exactly as the reference data file ships them."""
    return [
        rules.GradeRule(
            code=r["code"],
            name=r["name"],
            rank=r["rank"],
            min_deaths=r["min_deaths"],
            min_serious_injuries=r["min_serious_injuries"],
            min_direct_loss=Decimal(r["min_direct_loss_yuan"]),
            report_up_to=r["report_up_to"],
            investigated_by=r["investigated_by"],
            reply_days=r["reply_days"],
        )
        for r in load_rows("grades.json")
    ]


def grade(**figures) -> str:
    return rules.grade_for(Figures(**figures), shipped_grades()).name


# ---- grading ------------------------------------------------------------------------------


def test_two_deaths_and_twelve_serious_injuries_is_larger_by_the_highest_dimension():
    assert grade(deaths=2, serious_injuries=12) == "较大事故"


def test_three_deaths_is_larger_because_the_lower_bound_includes_itself():
    assert grade(deaths=3) == "较大事故"
    assert grade(deaths=2) == "一般事故"


def test_loss_of_9999999_yuan_is_general_and_10000000_is_larger():
    assert grade(direct_loss=Decimal("9999999")) == "一般事故"
    assert grade(direct_loss=Decimal("9999999.99")) == "一般事故"
    assert grade(direct_loss=Decimal("10000000")) == "较大事故"


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({}, "一般事故"),
        ({"serious_injuries": 9}, "一般事故"),
        ({"serious_injuries": 10}, "较大事故"),
        ({"deaths": 9}, "较大事故"),
        ({"deaths": 10}, "重大事故"),
        ({"serious_injuries": 49}, "较大事故"),
        ({"serious_injuries": 50}, "重大事故"),
        ({"direct_loss": Decimal("49999999")}, "较大事故"),
        ({"direct_loss": Decimal("50000000")}, "重大事故"),
        ({"deaths": 29}, "重大事故"),
        ({"deaths": 30}, "特别重大事故"),
        ({"serious_injuries": 100}, "特别重大事故"),
        ({"direct_loss": Decimal("100000000")}, "特别重大事故"),
        ({"deaths": 1, "serious_injuries": 1, "direct_loss": Decimal("50000000")}, "重大事故"),
        ({"minor_injuries": 500}, "一般事故"),
    ],
)
def test_every_boundary_of_493_article_3_is_inclusive(figures, expected):
    assert grade(**figures) == expected


def test_missing_people_count_as_deaths_only_when_the_switch_is_on():
    grades = shipped_grades()
    figures = Figures(deaths=2, missing=1)
    assert rules.grade_for(figures, grades).name == "一般事故"
    assert rules.grade_for(figures, grades, missing_counts_as_deaths=True).name == "较大事故"


@given(
    deaths=st.integers(0, 200),
    serious=st.integers(0, 300),
    loss=st.integers(0, 300_000_000),
)
def test_grade_is_the_highest_any_single_dimension_reaches(deaths, serious, loss):
    grades = shipped_grades()
    each = [
        rules.grade_for(Figures(deaths=deaths), grades).rank,
        rules.grade_for(Figures(serious_injuries=serious), grades).rank,
        rules.grade_for(Figures(direct_loss=Decimal(loss)), grades).rank,
    ]
    combined = rules.grade_for(
        Figures(deaths=deaths, serious_injuries=serious, direct_loss=Decimal(loss)), grades
    )
    assert combined.rank == max(each)


# ---- the casualty-change window -----------------------------------------------------------


def at(day: dt.date, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=TZ)


@pytest.mark.parametrize("days", [30, 7])
def test_casualty_window_includes_its_last_day_and_not_the_next(days):
    occurred = at(dt.date(2025, 3, 1), 23, 30)
    last_day = dt.date(2025, 3, 1) + dt.timedelta(days=days)
    assert rules.casualty_window_last_day(occurred, days) == last_day
    assert rules.within_casualty_window(occurred, at(last_day, 23, 59, 59), days)
    assert not rules.within_casualty_window(
        occurred, at(last_day + dt.timedelta(days=1), 0, 0, 0), days
    )


def test_window_days_are_counted_in_shanghai_time_not_utc():
    # 2025-03-01 00:30 in Shanghai is still 28 February in UTC.
    occurred = at(dt.date(2025, 3, 1), 0, 30)
    assert rules.casualty_window_last_day(occurred, 30) == dt.date(2025, 3, 31)


# ---- report deadlines ---------------------------------------------------------------------


def schedule(reported: dict, *, up_to: str = "city", now=None, steps=None):
    occurred = at(dt.date(2025, 5, 10), 8, 0)
    return {
        s.level: s
        for s in rules.report_schedule(
            occurred_at=occurred,
            grade_steps=steps or [(occurred, up_to)],
            reported={k: occurred + v for k, v in reported.items()},
            unit_hours=1,
            upward_hours=2,
            now=now or occurred + dt.timedelta(days=30),
        )
    }


H = dt.timedelta(hours=1)
S = dt.timedelta(seconds=1)


def test_unit_report_at_exactly_one_hour_is_on_time_and_one_second_later_is_late():
    assert not schedule({"unit": H, "county": 2 * H})["unit"].late
    assert schedule({"unit": H + S, "county": 2 * H})["unit"].late


def test_each_upward_report_has_two_hours_from_the_report_below():
    on_time = schedule({"unit": 0.5 * H, "county": 2.5 * H})["county"]
    assert not on_time.late and on_time.due == at(dt.date(2025, 5, 10), 10, 30)
    assert schedule({"unit": 0.5 * H, "county": 2.5 * H + S})["county"].late


def test_upward_deadline_counts_from_the_due_time_when_the_level_below_never_reported():
    level = schedule({"county": 3 * H})["county"]
    assert level.due == at(dt.date(2025, 5, 10), 11, 0)  # 8:00 + 1 h + 2 h
    assert not level.late


def test_missing_report_is_flagged_only_after_its_due_time_passes():
    occurred = at(dt.date(2025, 5, 10), 8, 0)
    assert not schedule({}, now=occurred + H)["unit"].missing
    assert schedule({}, now=occurred + H + S)["unit"].missing
    county = schedule({"unit": H}, now=occurred + 3 * H)["county"]
    assert not county.missing
    assert schedule({"unit": H}, now=occurred + 3 * H + S)["county"].missing


@pytest.mark.parametrize(
    ("up_to", "required"),
    [
        ("city", {"unit", "county"}),
        ("province", {"unit", "county", "city"}),
        ("state_council", {"unit", "county", "city", "province"}),
    ],
)
def test_grade_decides_how_high_the_report_must_go(up_to, required):
    levels = schedule({"unit": H}, up_to=up_to)
    assert {lv for lv, s in levels.items() if s.required} == required
    not_required = set(rules.REPORT_LEVELS) - required
    assert not any(levels[lv].missing for lv in not_required)


def test_a_level_required_by_a_later_grade_is_due_two_hours_after_the_grade_changed():
    occurred = at(dt.date(2025, 5, 10), 8, 0)
    raised = occurred + dt.timedelta(days=5)
    levels = schedule(
        {"unit": H, "county": 2 * H},
        steps=[(occurred, "city"), (raised, "province")],
        now=raised + H,
    )
    assert levels["city"].required and levels["city"].due == raised + 2 * H
    assert not levels["city"].missing


# ---- escalation windows -------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month():
    assert rules.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert rules.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert rules.add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    assert rules.add_months(dt.date(2025, 2, 15), -3) == dt.date(2024, 11, 15)


def test_two_accidents_exactly_three_months_apart_trip_and_one_day_more_does_not():
    first = dt.date(2025, 1, 15)
    assert rules.tripping_group(
        [("a", first), ("b", dt.date(2025, 4, 15))], min_count=2, months=3
    ) == ["a", "b"]
    assert (
        rules.tripping_group([("a", first), ("b", dt.date(2025, 4, 16))], min_count=2, months=3)
        is None
    )


def brute_force(items, min_count: int, months: int, containing=None) -> set:
    """Every accident in some group of ``min_count`` or more spanning at most ``months``."""
    found = set()
    for size in range(min_count, len(items) + 1):
        for group in itertools.combinations(items, size):
            days = [day for _key, day in group]
            keys = {key for key, _day in group}
            if containing is not None and containing not in keys:
                continue
            if max(days) <= rules.add_months(min(days), months):
                found |= keys
    return found


dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    days=st.lists(dates, min_size=1, max_size=7),
    rule=st.sampled_from([(2, 3), (3, 6), (1, 1), (2, 1)]),
    pick=st.integers(min_value=0),
)
def test_tripping_group_equals_a_brute_force_search_over_all_groups(days, rule, pick):
    min_count, months = rule
    items = list(enumerate(days))
    whole = rules.tripping_group(items, min_count=min_count, months=months)
    assert set(whole or []) == brute_force(items, min_count, months)
    target = pick % len(items)
    around = rules.tripping_group(items, min_count=min_count, months=months, containing=target)
    assert set(around or []) == brute_force(items, min_count, months, containing=target)
    assert around is None or target in around
