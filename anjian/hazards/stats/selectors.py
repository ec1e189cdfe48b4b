"""Reads shared by the hazard statistics and 动态清零 pages, their API and their exports.

Figures are counted in the database, one GROUP BY per breakdown. The breakdown by region
rolls every hazard up to the child of a root region (a county user sees towns, a city
user counties) by cutting the hazard region's materialised ``path`` just after the root's
own: ``990000/990101/990101100/990101100201/`` under root ``990000/990101/`` groups as
``990000/990101/990101100/``. No per-region query, no per-hazard Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Min, Q, QuerySet, Value
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone

from anjian.core.access import access_for
from anjian.core.models import Region, RegionLevel, Sector
from anjian.core.roles import AnchorKind, role_allows
from anjian.core.statistics import rate
from anjian.hazards.models import Hazard, HazardLevel, HazardStatus

# ---- the region figures roll up to -----------------------------------------------------------


def _common_path(paths: list[str]) -> str:
    """The longest run of whole path segments every path starts with ("" when none)."""
    if not paths:
        return ""
    split = [p.rstrip("/").split("/") for p in paths]
    common: list[str] = []
    for segments in zip(*split, strict=False):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return "".join(f"{code}/" for code in common)


def statistics_root(user) -> Region | None:
    """The region whose children the user's figures roll up to, or None for the whole tree.

    It is the deepest region holding every anchor through which the user may view hazards:
    a county coordinator's county, a department's region, an enterprise's town.
    """
    if user.is_superuser:
        return None
    regions: list[Region] = []
    enterprise_region_ids = []
    for a in access_for(user).assignments:
        if not role_allows(a.role, "hazard.view"):
            continue
        if a.anchor_kind == AnchorKind.REGION:
            regions.append(a.region)
        elif a.anchor_kind == AnchorKind.DEPARTMENT:
            regions.append(a.department.region)
        else:
            enterprise_region_ids.append(a.enterprise.region_id)
    if enterprise_region_ids:
        regions += list(Region.objects.filter(pk__in=enterprise_region_ids))
    path = _common_path([r.path for r in regions])
    if not path:
        return None
    return next((r for r in regions if r.path == path), None) or Region.objects.get(path=path)


def drill_down_regions(root: Region | None) -> QuerySet:
    """Regions a user may break the figures down by: the root and the levels just below it."""
    if root is None:
        return Region.objects.filter(level__lte=RegionLevel.COUNTY)
    deepest = max(RegionLevel.COUNTY, root.level + 1)
    return Region.objects.filter(path__startswith=root.path, level__lte=deepest)


def _child_path(root: Region | None):
    """SQL for the path of the root's child holding each hazard (the root's path at root)."""
    length = len(root.path) if root is not None else 0
    rest = Substr("region__path", length + 1)
    return Substr(
        "region__path",
        1,
        Value(length, output_field=IntegerField()) + StrIndex(rest, Value("/")),
    )


def _children(root: Region | None) -> list[Region]:
    rows = Region.objects.filter(parent=root) if root else Region.objects.filter(parent=None)
    return list(rows.order_by("path"))


def _rollup(qs: QuerySet, root: Region | None, measures: dict) -> list[dict]:
    """``measures`` per child of ``root`` (zeros for a child without rows), then root itself."""
    grouped = {
        row["child_path"]: row
        for row in qs.order_by()
        .annotate(child_path=_child_path(root))
        .values("child_path")
        .annotate(**measures)
    }
    empty = dict.fromkeys(measures, 0)
    out = [
        {"region_id": child.pk, "name": child.name, **_values(grouped, child.path, empty)}
        for child in _children(root)
    ]
    if root is not None and root.path in grouped:
        own = _values(grouped, root.path, empty)
        out.append({"region_id": root.pk, "name": f"{root.name}(本级)", **own})
    return out


def _values(grouped: dict, path: str, empty: dict) -> dict:
    row = grouped.get(path)
    return {k: row[k] for k in empty} if row else dict(empty)


# ---- statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A span of local dates, both ends included."""

    start: dt.date
    end: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end

    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"

    @classmethod
    def this_year(cls, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(today.replace(month=1, day=1), today)


MEASURES = ("found", "found_closed", "closed", "overdue", "major_open", "listed")
MEASURE_LABELS = {
    "found": "发现隐患",
    "closed": "期内销号",
    "found_closed": "期内发现已销号",
    "closure_rate": "整改率(%)",
    "overdue": "逾期未整改",
    "major_open": "重大隐患未销号",
    "listed": "挂牌督办中",
}


def _measures(period: Period, today: dt.date) -> tuple[dict, Q]:
    """The conditional counts, and the rows any of them can count (what the query scans)."""
    start, end = period.bounds()
    found = Q(found_at__gte=start, found_at__lt=end)
    closed = Q(status=HazardStatus.CLOSED, closed_at__gte=start, closed_at__lt=end)
    measures = {
        "found": Count("id", filter=found),
        "found_closed": Count("id", filter=found & Q(status=HazardStatus.CLOSED)),
        "closed": Count("id", filter=closed),
        "overdue": Count("id", filter=Hazard.overdue_q(today)),
        "major_open": Count("id", filter=Hazard.open_q() & Q(level=HazardLevel.MAJOR)),
        "listed": Count("id", filter=Q(is_listed=True)),
    }
    return measures, found | closed | Hazard.open_q() | Q(is_listed=True)


def _with_rate(row: dict) -> dict:
    return {**row, "closure_rate": rate(row["found_closed"], row["found"])}


def hazard_statistics(
    qs: QuerySet,
    period: Period,
    *,
    root: Region | None,
    today: dt.date | None = None,
) -> dict:
    """Found, closed, closure rate, overdue, major open and listed hazards by region and sector.

    ``qs`` is the caller's scoped (and filtered) hazards. found, found_closed and closed
    count the period (found_closed: found in it and closed by now; closure_rate is
    found_closed / found); overdue, major_open and listed are the state today.
    """
    today = today or timezone.localdate()
    measures, relevant = _measures(period, today)
    qs = qs.filter(relevant)
    if root is not None:
        qs = qs.filter(region__path__startswith=root.path)
    by_region = [_with_rate(r) for r in _rollup(qs, root, measures)]
    sector_rows = (
        qs.order_by()
        .values("sector_id", "sector__name", "sector__sort_order", "sector__code")
        .annotate(**measures)
        .order_by("sector__sort_order", "sector__code")
    )
    by_sector = [
        _with_rate(
            {"sector_id": r["sector_id"], "name": r["sector__name"], **{k: r[k] for k in measures}}
        )
        for r in sector_rows
    ]
    totals = _with_rate({k: sum(r[k] for r in by_sector) for k in measures})
    return {
        "period": {"start": period.start, "end": period.end, "label": period.label()},
        "root": {"id": root.pk, "name": root.name} if root is not None else None,
        "totals": totals,
        "by_region": by_region,
        "by_sector": by_sector,
    }


# ---- 动态清零: open major hazards -------------------------------------------------------------


def open_major(qs: QuerySet, *, root: Region | None = None) -> QuerySet:
    """Open major hazards, oldest first, with what a row shows."""
    qs = qs.filter(Hazard.open_q(), level=HazardLevel.MAJOR)
    if root is not None:
        qs = qs.filter(region__path__startswith=root.path)
    return qs.select_related("enterprise", "region", "sector").order_by("found_at", "id")


def clearance_rows(hazards, today: dt.date | None = None):
    """Each open major hazard with its age in days and its overdue flag as of ``today``."""
    today = today or timezone.localdate()
    for h in hazards:
        h.age_days = h.days_since_found(today)
        h.overdue = h.overdue_on(today)
        yield h


def clearance_by_region(qs: QuerySet, *, root: Region | None, today: dt.date | None = None) -> dict:
    """Open major hazards per child region of ``root``: how many, overdue, listed, oldest."""
    today = today or timezone.localdate()
    qs = qs.filter(Hazard.open_q(), level=HazardLevel.MAJOR)
    if root is not None:
        qs = qs.filter(region__path__startswith=root.path)
    measures = {
        "open_major": Count("id"),
        "overdue": Count("id", filter=Hazard.overdue_q(today)),
        "listed": Count("id", filter=Q(is_listed=True)),
        "oldest_found_at": Min("found_at"),
    }
    rows = _rollup(qs, root, measures)
    for row in rows:
        first = row.pop("oldest_found_at")
        row["oldest_days"] = (today - timezone.localtime(first).date()).days if first else None
    keys = ("open_major", "overdue", "listed")
    return {
        "root": {"id": root.pk, "name": root.name} if root is not None else None,
        "totals": {k: sum(r[k] for r in rows) for k in keys},
        "by_region": rows,
    }


def sectors() -> QuerySet:
    return Sector.objects.order_by("sort_order", "code")
