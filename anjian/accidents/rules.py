"""The accident rules as pure functions: grading, windows, report deadlines, escalation windows.

Nothing here reads the database or the clock: the thresholds come in as ``GradeRule`` rows
(loaded from the reference data by ``rulebook``) and ``now`` is passed in, so every rule is
tested at its edges without fixtures.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils import timezone

# Who reports to whom, in order: the unit (or whoever reports first) to the county, then
# each level up. A report level is named by who reports; its destination is the next level.
REPORT_LEVELS = ["unit", "county", "city", "province"]
DESTINATION_ORDER = ["county", "city", "province", "state_council"]
DESTINATION = dict(zip(REPORT_LEVELS, DESTINATION_ORDER, strict=True))
LEVEL_LABELS = {
    "unit": "事故单位/首报 → 县级",
    "county": "县级 → 设区的市级",
    "city": "市级 → 省级",
    "province": "省级 → 国务院有关部门",
}
DESTINATION_LABELS = {
    "county": "县级应急管理部门",
    "city": "设区的市级应急管理部门",
    "province": "省级应急管理部门",
    "state_council": "国务院安全生产监督管理部门",
}


@dataclass(frozen=True)
class Figures:
    """Casualties and loss of one accident, as reported."""

    deaths: int = 0
    missing: int = 0
    serious_injuries: int = 0
    minor_injuries: int = 0
    direct_loss: Decimal = Decimal(0)

    def as_dict(self) -> dict:
        return {**asdict(self), "direct_loss": str(self.direct_loss)}


@dataclass(frozen=True)
class GradeRule:
    """One accident grade with its inclusive lower bounds (国务院令第493号第三条)."""

    code: str
    name: str
    rank: int
    min_deaths: int
    min_serious_injuries: int
    min_direct_loss: Decimal
    report_up_to: str
    investigated_by: str
    reply_days: int

    def reached_by(self, figures: Figures, *, missing_counts_as_deaths: bool = False) -> bool:
        """Whether any one dimension reaches this grade ("以上"包括本数)."""
        deaths = figures.deaths + (figures.missing if missing_counts_as_deaths else 0)
        return (
            (self.min_deaths > 0 and deaths >= self.min_deaths)
            or (
                self.min_serious_injuries > 0
                and figures.serious_injuries >= self.min_serious_injuries
            )
            or (self.min_direct_loss > 0 and figures.direct_loss >= self.min_direct_loss)
        )


def grade_for(
    figures: Figures, grades: Sequence[GradeRule], *, missing_counts_as_deaths: bool = False
) -> GradeRule:
    """The highest grade any dimension reaches; the lowest grade when none reaches a higher one."""
    ordered = sorted(grades, key=lambda g: g.rank, reverse=True)
    if not ordered:
        raise ValueError("no accident grades loaded")
    for grade in ordered:
        if grade.reached_by(figures, missing_counts_as_deaths=missing_counts_as_deaths):
            return grade
    return ordered[-1]


# ---- calendar -----------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (1-31 + 1 = 2-28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(moment: dt.datetime) -> dt.date:
    """The Asia/Shanghai calendar date of an aware datetime."""
    return timezone.localtime(moment).date()


def casualty_window_last_day(occurred_at: dt.datetime, days: int) -> dt.date:
    """The last day on which a casualty change still regrades: the accident day plus ``days``.

    "自事故发生之日起30日内": the day of the accident is not counted (民法典 第二百零一条),
    so an accident on 1 March can be regraded up to and including 31 March.
    """
    return local_date(occurred_at) + dt.timedelta(days=days)


def within_casualty_window(occurred_at: dt.datetime, at: dt.datetime, days: int) -> bool:
    """Whether a change recorded ``at`` falls inside the regrading window."""
    return local_date(at) <= casualty_window_last_day(occurred_at, days)


# ---- report deadlines ---------------------------------------------------------------------


def next_level(reported: Iterable[str]) -> str | None:
    """The level that reports next, above the highest that has (None once the province has)."""
    highest = max((REPORT_LEVELS.index(level) for level in reported), default=-1)
    return REPORT_LEVELS[highest + 1] if highest + 1 < len(REPORT_LEVELS) else None


def required_levels(report_up_to: str) -> list[str]:
    """The report levels a grade needs: each level whose destination is up to ``report_up_to``."""
    limit = DESTINATION_ORDER.index(report_up_to)
    return [lv for lv in REPORT_LEVELS if DESTINATION_ORDER.index(DESTINATION[lv]) <= limit]


@dataclass(frozen=True)
class LevelStatus:
    """One level of the reporting chain: whether it is needed, when it is due, what happened."""

    level: str
    required: bool
    due: dt.datetime
    reported_at: dt.datetime | None
    late: bool  # 迟报: reported after the due time
    missing: bool  # 未报 (疑似瞒报/漏报): due time passed, no report

    @property
    def flagged(self) -> bool:
        return self.late or self.missing

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]


def report_schedule(
    *,
    occurred_at: dt.datetime,
    grade_steps: Sequence[tuple[dt.datetime, str]],
    reported: dict[str, dt.datetime],
    unit_hours: int,
    upward_hours: int,
    now: dt.datetime,
) -> list[LevelStatus]:
    """Due times and 迟报/未报 flags for every level of the chain.

    ``grade_steps`` lists (since when, the grade's ``report_up_to``) in time order; the first
    step is the grade at report time. The unit's report is due ``unit_hours`` after the
    accident; each upward report ``upward_hours`` after the level below reported (or was due),
    and never before the grade that needs it took effect (a grade raised on day 5 does not make
    the provincial report late since day 1). A report at exactly the due time is on time.
    """
    current = grade_steps[-1][1]
    needed = set(required_levels(current))
    statuses: list[LevelStatus] = []
    for index, level in enumerate(REPORT_LEVELS):
        if index == 0:
            due = occurred_at + dt.timedelta(hours=unit_hours)
        else:
            below = statuses[-1]
            start = below.reported_at or below.due
            since = next(
                (when for when, up_to in grade_steps if level in required_levels(up_to)), None
            )
            if since is not None and since > start:
                start = since
            due = start + dt.timedelta(hours=upward_hours)
        at = reported.get(level)
        required = level in needed
        statuses.append(
            LevelStatus(
                level=level,
                required=required,
                due=due,
                reported_at=at,
                late=required and at is not None and at > due,
                missing=required and at is None and now > due,
            )
        )
    return statuses


@dataclass(frozen=True)
class Timeliness:
    """An accident's reporting chain as a whole: is any level late (迟报) or missing (未报)?"""

    levels: list[LevelStatus]

    @property
    def late(self) -> bool:
        return any(lv.late for lv in self.levels)

    @property
    def missing(self) -> bool:
        return any(lv.missing for lv in self.levels)

    @property
    def flagged(self) -> bool:
        return self.late or self.missing

    @property
    def label(self) -> str:
        """迟报, 未报, both, or 及时."""
        return (
            "、".join(f for f, on in (("迟报", self.late), ("未报", self.missing)) if on) or "及时"
        )


# ---- escalation windows -------------------------------------------------------------------


def tripping_group(
    items: Sequence[tuple[Hashable, dt.date]],
    *,
    min_count: int,
    months: int,
    containing: Hashable | None = None,
) -> list[Hashable] | None:
    """The accidents that trip the rule: every window of ``months`` holding ``min_count`` or more.

    A window starts on an accident's date and ends ``months`` calendar months later, both ends
    included. With ``containing``, only windows holding that accident count. Returns the keys
    of all accidents in tripping windows (date order), or None when no window trips the rule;
    this is exactly the union of all groups of ``min_count`` or more accidents (with
    ``containing`` among them) whose last date is within ``months`` of their first.
    """
    ordered = sorted(items, key=lambda item: (item[1], str(item[0])))
    target = None
    if containing is not None:
        target = next((day for key, day in ordered if key == containing), None)
        if target is None:
            return None
    found: dict[Hashable, None] = {}
    for _key, start in ordered:
        if target is not None and start > target:
            break
        end = add_months(start, months)
        if target is not None and target > end:
            continue
        window = [key for key, day in ordered if start <= day <= end]
        if len(window) >= min_count:
            found.update(dict.fromkeys(window))
    return [key for key, _day in ordered if key in found] or None
