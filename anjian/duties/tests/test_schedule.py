"""Occurrence generation: recurrences, deadlines and the work year (pure dates)."""

import datetime as dt

import pytest

from anjian.duties.schedule import deadline_text, occurrences_for

D = dt.date


def occ(recurrences=(), deadlines=(), year=2025):
    return occurrences_for(recurrences=list(recurrences), deadlines=list(deadlines), year=year)


def test_half_year_makes_h1_and_h2_due_at_period_end():
    assert occ([{"period": "half_year", "min_count": 1}]) == [
        ("2025-H1", D(2025, 6, 30)),
        ("2025-H2", D(2025, 12, 31)),
    ]


def test_month_makes_twelve_due_at_each_month_end_with_leap_february():
    result = occ([{"period": "month", "min_count": 1}], year=2024)
    assert len(result) == 12
    assert result[1] == ("2024-02", D(2024, 2, 29))
    assert result[-1] == ("2024-12", D(2024, 12, 31))


def test_quarter_makes_four():
    assert [label for label, _ in occ([{"period": "quarter", "min_count": 1}])] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]


def test_week_is_followed_up_monthly():
    assert len(occ([{"period": "week", "min_count": 1}])) == 12


def test_once_a_year_is_one_due_at_year_end():
    assert occ([{"period": "year", "min_count": 1}]) == [("2025", D(2025, 12, 31))]


@pytest.mark.parametrize(
    ("count", "labels"),
    [
        (2, ["2025-H1", "2025-H2"]),
        (4, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),
        (3, ["2025-1/3", "2025-2/3", "2025-3/3"]),
    ],
)
def test_several_times_a_year_spread_over_the_year(count, labels):
    result = occ([{"period": "year", "min_count": count}])
    assert [label for label, _ in result] == labels
    assert result[-1][1] == D(2025, 12, 31)


def test_twice_a_month_stays_one_occurrence_per_month():
    assert len(occ([{"period": "month", "min_count": 2}])) == 12


def test_a_plain_deadline_is_one_occurrence_due_then():
    assert occ(deadlines=[{"date": "2025-06-30"}]) == [("2025-06-30", D(2025, 6, 30))]


def test_no_deadline_and_no_recurrence_is_due_at_year_end():
    assert occ() == [("2025", D(2025, 12, 31))]


def test_a_deadline_on_a_period_end_is_not_doubled_and_others_are_added():
    result = occ(
        [{"period": "half_year", "min_count": 1}],
        [{"date": "2025-06-30"}, {"date": "2025-03-31"}],
    )
    assert result == [
        ("2025-03-31", D(2025, 3, 31)),
        ("2025-H1", D(2025, 6, 30)),
        ("2025-H2", D(2025, 12, 31)),
    ]


def test_the_finest_of_several_recurrences_wins_and_bad_entries_are_ignored():
    result = occ(
        [{"period": "year", "min_count": 1}, {"period": "quarter"}, {"period": "fortnight"}],
        [{"date": "not a date"}, {}],
    )
    assert len(result) == 4


def test_deadline_text_reads_like_the_task_table():
    assert deadline_text(recurrences=[], deadlines=[], year=2025) == "2025年底前"
    assert (
        deadline_text(
            recurrences=[{"period": "half_year", "min_count": 1}],
            deadlines=[{"date": "2025-06-30"}],
            year=2025,
        )
        == "2025年6月30日前；每半年至少1次"
    )
