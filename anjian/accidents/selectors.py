"""Reads shared by pages, API and exports: timeliness flags, acknowledgement rates, statistics."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from anjian.accidents.models import Accident, AccidentRevision
from anjian.accidents.rulebook import RuleBook
from anjian.accidents.rules import LevelStatus
from anjian.core.models import Region, RegionLevel
from anjian.core.statistics import rate


def with_chain(qs: QuerySet) -> QuerySet:
    """Accidents with what their timeliness needs, in three queries whatever the count."""
    return qs.select_related(
        "grade", "category", "region", "sector", "enterprise"
    ).prefetch_related("reports", "revisions")


@dataclass
class Timeliness:
    """An accident with its reporting chain and whether any level is late or missing."""

    accident: Accident
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


def timeliness(accidents, book: RuleBook, *, now: dt.datetime | None = None) -> list[Timeliness]:
    now = now or timezone.now()
    return [Timeliness(a, book.schedule(a, now=now)) for a in accidents]


def flagged_accidents(
    qs: QuerySet, book: RuleBook, *, now: dt.datetime | None = None, limit: int = 500
) -> list[Timeliness]:
    """Accidents with a late (迟报) or missing (未报，疑似瞒报/漏报) report, newest first."""
    rows = timeliness(with_chain(qs.order_by("-occurred_at"))[:limit], book, now=now)
    return [row for row in rows if row.flagged]


def warnings_with_rates(qs: QuerySet) -> QuerySet:
    """Warnings annotated with how many enterprises got, acknowledged and self-inspected them."""
    return qs.annotate(
        recipients=Count("acknowledgements", distinct=True),
        acknowledged=Count(
            "acknowledgements",
            filter=Q(acknowledgements__acknowledged_at__isnull=False),
            distinct=True,
        ),
        inspected=Count(
            "acknowledgements",
            filter=Q(acknowledgements__self_inspected_at__isnull=False),
            distinct=True,
        ),
    )


def revisions_of(accident: Accident) -> QuerySet:
    return AccidentRevision.objects.filter(accident=accident).select_related(
        "grade_before", "grade_after", "computed_grade", "by"
    )


# ---- statistics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A span of local dates, both ends included."""

    start: dt.date
    end: dt.date

    def filter(self, qs: QuerySet) -> QuerySet:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return qs.filter(occurred_at__gte=start, occurred_at__lt=end)

    def last_year(self) -> Period:
        return Period(_year_back(self.start), _year_back(self.end))

    def previous(self) -> Period:
        days = (self.end - self.start).days + 1
        return Period(self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1))

    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


def _year_back(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _totals(qs: QuerySet) -> dict:
    row = qs.aggregate(accidents=Count("id"), deaths=Sum("deaths"))
    return {"accidents": row["accidents"], "deaths": row["deaths"] or 0}


def _change(now: int, before: int) -> dict:
    return {"value": before, "delta": now - before, "percent": rate(now - before, before)}


def _by(qs: QuerySet, key: str, label: str, order: str) -> dict[str, dict]:
    rows = qs.values(key, label).annotate(n=Count("id"), deaths=Sum("deaths")).order_by(order)
    return {str(r[label]): {"accidents": r["n"], "deaths": r["deaths"] or 0} for r in rows}


def _merge(current: dict[str, dict], previous: dict[str, dict]) -> list[dict]:
    names = list(current) + [n for n in previous if n not in current]
    empty = {"accidents": 0, "deaths": 0}
    return [
        {
            "name": name,
            "accidents": current.get(name, empty)["accidents"],
            "deaths": current.get(name, empty)["deaths"],
            "accidents_last_year": previous.get(name, empty)["accidents"],
            "deaths_last_year": previous.get(name, empty)["deaths"],
        }
        for name in names
    ]


def _by_region(qs: QuerySet, root: Region | None) -> dict[str, dict]:
    """Counts by the child of ``root`` each accident lies in (by county when no root)."""
    rows = list(qs.values("region__path").annotate(n=Count("id"), deaths=Sum("deaths")))
    codes = {code for r in rows for code in r["region__path"].split("/") if code}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    out: dict[str, dict] = defaultdict(lambda: {"accidents": 0, "deaths": 0})
    for r in rows:
        chain = [regions[c] for c in r["region__path"].split("/") if c in regions]
        if root is not None:
            below = [g for g in chain if g.level == root.level + 1]
            name = below[0].name if below else f"{root.name}(本级)"
        else:
            county = [g for g in chain if g.level == RegionLevel.COUNTY]
            name = county[0].name if county else chain[-1].name
        out[name]["accidents"] += r["n"]
        out[name]["deaths"] += r["deaths"] or 0
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["accidents"]))


def _monthly(qs: QuerySet, year: int) -> list[dict]:
    tz = timezone.get_current_timezone()
    counts = {y: [0] * 12 for y in (year, year - 1)}
    deaths = {y: [0] * 12 for y in (year, year - 1)}
    period = Period(dt.date(year - 1, 1, 1), dt.date(year, 12, 31))
    for when, n in period.filter(qs).values_list("occurred_at", "deaths"):
        local = when.astimezone(tz)
        counts[local.year][local.month - 1] += 1
        deaths[local.year][local.month - 1] += n
    return [
        {
            "month": m + 1,
            "accidents": counts[year][m],
            "accidents_last_year": counts[year - 1][m],
            "deaths": deaths[year][m],
            "deaths_last_year": deaths[year - 1][m],
        }
        for m in range(12)
    ]


def accident_statistics(qs: QuerySet, period: Period, *, root: Region | None = None) -> dict:
    """Accidents and deaths by region, sector, category and grade; 同比, 环比 and 两下降."""
    if root is not None:
        qs = qs.filter(region__path__startswith=root.path)
    current, last_year, previous = (
        period.filter(qs),
        period.last_year().filter(qs),
        period.previous().filter(qs),
    )
    now, before, prior = _totals(current), _totals(last_year), _totals(previous)
    return {
        "period": {"start": period.start, "end": period.end, "label": period.label()},
        "totals": now,
        "year_on_year": {k: _change(now[k], before[k]) for k in now},
        "previous_period": {k: _change(now[k], prior[k]) for k in now},
        "two_down": now["accidents"] < before["accidents"] and now["deaths"] < before["deaths"],
        "by_region": _merge(_by_region(current, root), _by_region(last_year, root)),
        "by_sector": _merge(
            _by(current, "sector__sort_order", "sector__name", "sector__sort_order"),
            _by(last_year, "sector__sort_order", "sector__name", "sector__sort_order"),
        ),
        "by_category": _merge(
            _by(current, "category__code", "category__name", "category__code"),
            _by(last_year, "category__code", "category__name", "category__code"),
        ),
        "by_grade": _merge(
            _by(current, "grade__rank", "grade__name", "grade__rank"),
            _by(last_year, "grade__rank", "grade__name", "grade__rank"),
        ),
        "monthly": _monthly(qs, period.end.year),
    }
