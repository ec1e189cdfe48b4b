"""Excel exports: the filtered accident list and the statistics tables."""

from __future__ import annotations

from django.utils import timezone

from anjian.accidents.rulebook import RuleBook
from anjian.accidents.selectors import timeliness, with_chain
from anjian.core.spreadsheets import SheetSpec, xlsx_response

ACCIDENT_HEADERS = [
    "编号",
    "事故名称",
    "发生时间",
    "属地",
    "事故单位",
    "行业领域",
    "事故类别",
    "道路交通事故",
    "死亡",
    "失踪",
    "重伤",
    "轻伤",
    "直接经济损失(元)",
    "事故等级",
    "等级人工认定",
    "报告及时性",
]


def _timeliness_label(row) -> str:
    flags = []
    if row.late:
        flags.append("迟报")
    if row.missing:
        flags.append("未报")
    return "、".join(flags) or "及时"


def accident_rows(qs, book: RuleBook):
    for row in timeliness(with_chain(qs).iterator(chunk_size=500), book):
        a = row.accident
        yield [
            a.pk,
            a.title,
            timezone.localtime(a.occurred_at).strftime("%Y-%m-%d %H:%M"),
            a.region.full_name or a.region.name,
            a.enterprise.name if a.enterprise_id else "",
            a.sector.name,
            str(a.category),
            "是" if a.is_road_traffic else "否",
            a.deaths,
            a.missing,
            a.serious_injuries,
            a.minor_injuries,
            float(a.direct_loss),
            a.grade.name,
            "是" if a.grade_overridden else "否",
            _timeliness_label(row),
        ]


def accident_export_response(qs, book: RuleBook):
    sheet = SheetSpec(title="生产安全事故", headers=ACCIDENT_HEADERS, rows=accident_rows(qs, book))
    return xlsx_response(sheet, stem="生产安全事故")


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


def statistics_export_response(stats: dict):
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
