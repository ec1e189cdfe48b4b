"""The four-colour counts, on any queryset of risk points (only those in use count)."""

from __future__ import annotations

from django.db.models import Count, Q

from anjian.risks.models import LEVEL_ORDER, Colour, RiskLevel

# The colour of each level as drawn (red, orange, yellow, blue of the four-colour map).
COLOUR_HEX = {
    Colour.RED: "#d9363e",
    Colour.ORANGE: "#f08c00",
    Colour.YELLOW: "#f5c400",
    Colour.BLUE: "#1f6fd1",
}
LEVEL_COLOUR = {
    RiskLevel.MAJOR: Colour.RED,
    RiskLevel.LARGE: Colour.ORANGE,
    RiskLevel.GENERAL: Colour.YELLOW,
    RiskLevel.LOW: Colour.BLUE,
}


def _level_entry(level: str, count: int) -> dict:
    colour = LEVEL_COLOUR[level]
    return {
        "level": str(level),
        "name": str(RiskLevel(level).label),
        "colour": str(colour),
        "colour_name": str(Colour(colour).label),
        "hex": COLOUR_HEX[colour],
        "count": count,
    }


def level_counts(queryset) -> list[dict]:
    """The four levels, most severe first, with the number of active risk points of each."""
    counts = dict(
        queryset.active()
        .order_by()
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return [_level_entry(level, counts.get(level, 0)) for level in LEVEL_ORDER]


def _breakdown(queryset, key: str, name: str) -> list[dict]:
    levels = {level.value: Count("id", filter=Q(level=level)) for level in LEVEL_ORDER}
    rows = (
        queryset.active()
        .order_by()
        .values(key, name)
        .annotate(total=Count("id"), **levels)
        .order_by(*[f"-{level.value}" for level in LEVEL_ORDER], name)
    )
    return [
        {"id": row[key], "name": row[name], "total": row["total"], **{k: row[k] for k in levels}}
        for row in rows
    ]


def distribution(queryset, *, enterprise_limit: int = 100) -> dict:
    """四色分布 of the given risk points: by level, sector, town and enterprise.

    Enterprises with any 重大 risk come first (then by 较大, 一般, 低); only active points count.
    """
    return {
        "levels": level_counts(queryset),
        "by_sector": _breakdown(queryset, "enterprise__sector_id", "enterprise__sector__name"),
        "by_town": _breakdown(queryset, "enterprise__region_id", "enterprise__region__name"),
        "enterprises": _breakdown(queryset, "enterprise_id", "enterprise__name")[:enterprise_limit],
        "level_labels": [
            {"level": e["level"], "name": e["name"], "hex": e["hex"]}
            for e in (_level_entry(level, 0) for level in LEVEL_ORDER)
        ],
    }
