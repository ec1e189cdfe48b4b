"""The statistics workbook: the summary, each breakdown and the months, as the page shows them."""

from __future__ import annotations

from anjian.core.spreadsheets import SheetSpec, xlsx_response


def _dimension_sheet(title: str, rows: list[dict]) -> SheetSpec:
    return SheetSpec(
        title=title,
        headers=[title.removeprefix("按"), "事故起数", "死亡人数", "去年同期起数", "去年同期死亡"],
        rows=[
            [
                r["name"],
                r["accidents"],
                r["deaths"],
                r["accidents_last_year"],
                r["deaths_last_year"],
            ]
            for r in rows
        ],
    )


def statistics_response(stats: dict):
    """总体, 按区域, 按行业, 按类别, 按等级 and 按月, in that order."""
    yoy, prev = stats["year_on_year"], stats["previous_period"]
    summary = SheetSpec(
        title="总体",
        headers=["指标", "本期", "去年同期", "同比增减", "上一周期", "环比增减"],
        rows=[
            [
                label,
                stats["totals"][key],
                yoy[key]["value"],
                yoy[key]["delta"],
                prev[key]["value"],
                prev[key]["delta"],
            ]
            for key, label in (("accidents", "事故起数"), ("deaths", "死亡人数"))
        ]
        + [["统计期间", stats["period"]["label"]], ["两下降", "是" if stats["two_down"] else "否"]],
    )
    monthly = SheetSpec(
        title="按月",
        headers=["月份", "事故起数", "去年同月起数", "死亡人数", "去年同月死亡"],
        rows=[
            [
                f"{m['month']}月",
                m["accidents"],
                m["accidents_last_year"],
                m["deaths"],
                m["deaths_last_year"],
            ]
            for m in stats["monthly"]
        ],
    )
    return xlsx_response(
        summary,
        _dimension_sheet("按区域", stats["by_region"]),
        _dimension_sheet("按行业", stats["by_sector"]),
        _dimension_sheet("按类别", stats["by_category"]),
        _dimension_sheet("按等级", stats["by_grade"]),
        monthly,
        stem="事故统计",
    )
