"""The loaded accident rules: grade rows and parameters read once per request or service call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from anjian.accidents import rules
from anjian.accidents.models import Accident, AccidentGrade, AccidentParameter

REQUIRED_PARAMETERS = (
    "unit_report_hours",
    "upward_report_hours",
    "casualty_change_days",
    "casualty_change_days_traffic_fire",
    "investigation_report_days",
    "missing_counts_as_deaths",
    "standardisation_revoke_min_deaths",
    "warning_ack_days",
)


@dataclass(frozen=True)
class RuleBook:
    """Grades (by rank) and parameters as loaded from the reference data."""

    grades: dict[str, AccidentGrade]
    params: dict[str, int]

    def rules(self) -> list[rules.GradeRule]:
        return [as_rule(g) for g in self.grades.values()]

    def grade_for(self, figures: rules.Figures) -> AccidentGrade:
        """The grade the figures reach (highest dimension, inclusive bounds)."""
        rule = rules.grade_for(
            figures,
            self.rules(),
            missing_counts_as_deaths=bool(self.params["missing_counts_as_deaths"]),
        )
        return self.grades[rule.code]

    def casualty_window_days(self, accident: Accident) -> int:
        """30 days, or 7 for road traffic and fire accidents (第十三条)."""
        if accident.is_road_traffic or accident.category.is_fire:
            return self.params["casualty_change_days_traffic_fire"]
        return self.params["casualty_change_days"]

    def casualty_window_last_day(self, accident: Accident) -> dt.date:
        return rules.casualty_window_last_day(
            accident.occurred_at, self.casualty_window_days(accident)
        )

    def schedule(self, accident: Accident, *, now: dt.datetime) -> list[rules.LevelStatus]:
        """The reporting chain of an accident with due times and 迟报/未报 flags.

        Uses ``accident.reports`` and ``accident.revisions`` (prefetch them for lists).
        """
        revisions = sorted(accident.revisions.all(), key=lambda r: (r.at, r.pk))
        steps = [
            (accident.occurred_at if i == 0 else r.at, self.grade_by_id(r.grade_after_id))
            for i, r in enumerate(revisions)
        ] or [(accident.occurred_at, self.grade_by_id(accident.grade_id))]
        return rules.report_schedule(
            occurred_at=accident.occurred_at,
            grade_steps=[(when, grade.report_up_to) for when, grade in steps],
            reported={r.level: r.reported_at for r in accident.reports.all()},
            unit_hours=self.params["unit_report_hours"],
            upward_hours=self.params["upward_report_hours"],
            now=now,
        )

    def grade_by_id(self, pk: int) -> AccidentGrade:
        return next(g for g in self.grades.values() if g.pk == pk)

    def investigation_report_due(self, accident: Accident) -> dt.date:
        return rules.local_date(accident.occurred_at) + dt.timedelta(
            days=self.params["investigation_report_days"]
        )


def as_rule(grade: AccidentGrade) -> rules.GradeRule:
    """The pure rule of a loaded grade row."""
    return rules.GradeRule(**{f.name: getattr(grade, f.name) for f in fields(rules.GradeRule)})


def load_rulebook() -> RuleBook:
    """Read the grades and parameters; a clear error when the reference data is not loaded."""
    grades = {g.code: g for g in AccidentGrade.objects.order_by("rank")}
    params = dict(AccidentParameter.objects.values_list("code", "value"))
    missing = [code for code in REQUIRED_PARAMETERS if code not in params]
    if not grades or missing:
        raise ValidationError(
            "事故分级和时限参考数据未载入（缺少：%s），请先运行 anjian load-reference。"
            % ("事故等级" if not grades else "、".join(missing))
        )
    return RuleBook(grades=grades, params=params)


def with_timeliness(
    accidents: Iterable[Accident], *, book: RuleBook | None = None, now: dt.datetime | None = None
) -> Iterator[Accident]:
    """Each accident with its ``timeliness`` (the chain's due times, 迟报 and 未报), the rules
    loaded once; load the rows ``with_chain()`` (a queryset is read in chunks)."""
    book = book or load_rulebook()
    now = now or timezone.now()
    if isinstance(accidents, QuerySet):
        accidents = accidents.iterator(chunk_size=500)
    for accident in accidents:
        accident.timeliness = rules.Timeliness(book.schedule(accident, now=now))
        yield accident


def flagged(accidents: QuerySet, *, limit: int = 500) -> list[Accident]:
    """Of the newest ``limit`` accidents, those with a late (迟报) or missing (未报) report."""
    newest = accidents.with_chain().order_by("-occurred_at", "-id")[:limit]
    return [a for a in with_timeliness(newest) if a.timeliness.flagged]
