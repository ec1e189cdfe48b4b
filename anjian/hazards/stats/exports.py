"""The statistics and 动态清零 workbooks: figures by region and sector, and the open list."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.spreadsheets import SheetSpec, xlsx_response
from anjian.hazards.lists import CLEARANCE_LIST
from anjian.hazards.stats.selectors import MEASURE_LABELS, clearance_rows

STATISTICS_COLUMNS = [
    "found",
    "closed",
    "found_closed",
    "closure_rate",
    "overdue",
    "major_open",
    "listed",
]


def _figures_sheet(title: str, first: str, rows: list[dict], totals: dict) -> SheetSpec:
    return SheetSpec(
        title=title,
        headers=[first, *(MEASURE_LABELS[k] for k in STATISTICS_COLUMNS)],
        rows=[[r["name"], *(r[k] for k in STATISTICS_COLUMNS)] for r in rows]
        + [["合计", *(totals[k] for k in STATISTICS_COLUMNS)]],
    )


def statistics_response(stats: dict):
    """By region, by sector, and what the figures mean."""
    about = SheetSpec(
        title="说明",
        headers=["项目", "内容"],
        rows=[
            ["统计期间", stats["period"]["label"]],
            ["统计区划", stats["root"]["name"] if stats["root"] else "全部"],
            ["整改率", "期内发现且已销号的隐患数 ÷ 期内发现的隐患数"],
            ["逾期、重大未销号、挂牌督办", f"截至{timezone.localdate():%Y-%m-%d}的状态"],
        ],
        widths=[28, 60],
    )
    return xlsx_response(
        _figures_sheet("按区域", "区域", stats["by_region"], stats["totals"]),
        _figures_sheet("按行业", "行业领域", stats["by_sector"], stats["totals"]),
        about,
        stem="隐患统计",
    )


def clearance_response(hazards, counts: dict):
    """The counts per region, then every open major hazard (the 动态清零 list's columns)."""
    by_region = SheetSpec(
        title="按区域",
        headers=["区域", "重大隐患未销号", "其中逾期", "其中挂牌督办", "最久已存在(天)"],
        rows=[
            [r["name"], r["open_major"], r["overdue"], r["listed"], r["oldest_days"]]
            for r in counts["by_region"]
        ]
        + [["合计", *(counts["totals"][k] for k in ("open_major", "overdue", "listed")), None]],
    )
    listing = CLEARANCE_LIST.sheet(clearance_rows(hazards))
    return xlsx_response(by_region, listing, stem="重大隐患动态清零")
