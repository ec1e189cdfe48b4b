"""The hazard lists, each declared once: the ledger and 动态清零's open major hazards. Their
columns are the page table, the API list fields and the Excel export (see ``core.lists``)."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from anjian.core.lists import Column, ListSpec
from anjian.hazards.filters import HazardFilterSet
from anjian.hazards.models import Hazard

RELATED = ("enterprise", "region", "sector")


def _found_on(hazard: Hazard) -> str:
    return f"{timezone.localtime(hazard.found_at):%Y-%m-%d}"


HAZARD_LIST = ListSpec(
    model=Hazard,
    filterset_class=HazardFilterSet,
    related=RELATED,
    order_by=("-found_at", "-id"),
    empty_text="没有符合条件的隐患。",
    export_title="隐患台账",
    columns=[
        Column("id", "编号", link=True),
        Column("enterprise", "单位ID", page=False, export=False),
        Column(
            "enterprise_name",
            "隐患单位",
            source="enterprise.name",
            cell="hazards/cells/enterprise.html",
        ),
        Column("region", "属地ID", page=False, export=False),
        Column("region_name", "属地", source="region.name", page=False),
        Column("sector", "行业领域", page=False, export_value=lambda h: h.sector.name),
        Column("source", "发现方式"),
        Column("found_at", "发现时间", css="small", cell="cells/date.html"),
        Column("place", "隐患部位", link=True),
        Column("description", "隐患描述", page=False, api=False),
        Column("level", "等级", cell="hazards/cells/level.html"),
        Column("status", "状态", cell="hazards/cells/status.html"),
        Column("owner_name", "整改责任人", page=False),
        Column("deadline", "整改期限", css="small"),
        Column(
            "is_overdue", "逾期", page=False, api_field=serializers.BooleanField(read_only=True)
        ),
        Column("is_listed", "挂牌督办", page=False),
        Column("double_report_late", "双报告超期", page=False, export=False),
        Column("repeat_of", "重复隐患", page=False, export_value=lambda h: h.repeat_of_id or ""),
        Column("closed_at", "销号时间", page=False, api=False),
        Column("version", "版本", page=False, export=False),
    ],
)


CLEARANCE_LIST = ListSpec(
    model=Hazard,
    name="HazardClearanceRow",
    related=RELATED,
    order_by=("found_at", "id"),
    empty_text="重大隐患已全部销号（已清零）。",
    export_title="重大隐患清单",
    columns=[
        Column("id", "编号", link=True),
        Column("enterprise", "单位ID", page=False, export=False),
        Column("enterprise_name", "隐患单位", source="enterprise.name"),
        Column("region", "属地ID", page=False, export=False),
        Column("region_name", "属地", source="region.long_name"),
        Column("sector", "行业领域ID", page=False, export=False),
        Column("sector_name", "行业领域", source="sector.name"),
        Column("place", "隐患部位"),
        Column("description", "隐患描述", page=False),
        Column("status", "状态代码", page=False, export=False),
        Column("found_at", "发现日期", css="small", cell="cells/date.html", export_value=_found_on),
        Column(
            "age_days",
            "已存在(天)",
            cell="cells/bold.html",
            api_field=serializers.IntegerField(read_only=True, help_text="days since found"),
        ),
        Column("deadline", "整改期限", css="small"),
        Column(
            "status_display",
            "状态",
            source="get_status_display",
            api_field=serializers.CharField(source="get_status_display", read_only=True),
        ),
        Column("overdue", "逾期", page=False, api_field=serializers.BooleanField(read_only=True)),
        Column("is_listed", "挂牌督办", page=False),
        Column(
            "flags", "标记", source="pk", cell="hazards/cells/flags.html", api=False, export=False
        ),
    ],
)
