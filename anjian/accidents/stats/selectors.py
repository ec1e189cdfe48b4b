"""Accident statistics: counts and deaths by region, sector, category, grade and month, with
同比 (the same period last year), 环比 (the period just before) and 两下降."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from anjian.core.models import Region, RegionLevel
from anjian.core.statistics import rate


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

    @classmethod
    def this_year(cls, today: dt.date | None = None) -> Period:
        """1 January to today."""
        today = today or timezone.localdate()
        return cls(today.replace(month=1, day=1), today)


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


# Breakdowns by a reference row: (its order, its name).
BREAKDOWNS = {
    "by_sector": ("sector__sort_order", "sector__name"),
    "by_category": ("category__code", "category__name"),
    "by_grade": ("grade__rank", "grade__name"),
}


def _by(qs: QuerySet, key: str, label: str) -> dict[str, dict]:
    rows = qs.values(key, label).annotate(n=Count("id"), deaths=Sum("deaths")).order_by(key)
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
        qs = qs.within(root)
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
        **{
            name: _merge(_by(current, *keys), _by(last_year, *keys))
            for name, keys in BREAKDOWNS.items()
        },
        "monthly": _monthly(qs, period.end.year),
    }
