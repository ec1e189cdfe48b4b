"""The accident lists, each declared once: its columns are the page table, the API list fields
and (for accidents) the Excel export (see ``core.lists``). Page and export columns come in
their order; fields only the API gives follow them."""

from __future__ import annotations

from rest_framework import serializers

from anjian.accidents import filters
from anjian.accidents.models import (
    Accident,
    EnterpriseSanction,
    IndustryWarning,
    Investigation,
    Publication,
    SupervisionTask,
    WarningAcknowledgement,
)
from anjian.accidents.rulebook import with_timeliness
from anjian.core.lists import Column, ListSpec


def api_only(*keys: str) -> list[Column]:
    """Fields the API rows give as they are (ids, codes, texts), shown nowhere else."""
    return [Column(key, key, page=False, export=False) for key in keys]


def cell(name: str) -> str:
    return f"accidents/cells/{name}.html"


def code() -> serializers.SlugRelatedField:
    """A reference row (grade, rule) by its code in the API."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


def name_of(source: str) -> serializers.CharField:
    """The name of an optional related row in the API (null when there is none)."""
    return serializers.CharField(source=source, read_only=True, default=None)


def count() -> serializers.IntegerField:
    return serializers.IntegerField(read_only=True)


def flag(source: str) -> serializers.BooleanField:
    return serializers.BooleanField(source=source, read_only=True)


class AccidentList(ListSpec):
    """Accident rows carry their reporting chain (迟报/未报), computed once per list."""

    def queryset(self, access):
        return super().queryset(access).with_chain()

    def export_rows(self, rows):
        return super().export_rows(with_timeliness(rows))


ACCIDENT_LIST = AccidentList(
    model=Accident,
    filterset_class=filters.AccidentFilterSet,
    related=("region", "enterprise", "sector", "category", "grade", "computed_grade"),
    order_by=("-occurred_at", "-id"),
    empty_text="没有符合条件的事故。",
    export_title="生产安全事故",
    columns=[
        Column("id", "编号", page=False),
        Column("title", "事故名称", cell=cell("title")),
        Column("occurred_at", "发生时间", css="small"),
        Column(
            "region_name", "属地", source="region.name", export_value=lambda a: a.region.long_name
        ),
        Column(
            "enterprise_name",
            "事故单位",
            source="enterprise.name",
            page=False,
            api_field=name_of("enterprise.name"),
        ),
        Column("sector_name", "行业领域", source="sector.name"),
        Column(
            "category_name",
            "事故类别",
            source="category.name",
            export_value=lambda a: str(a.category),
        ),
        Column("is_road_traffic", "道路交通事故", page=False),
        Column("deaths", "死亡"),
        Column("missing", "失踪", page=False),
        Column("serious_injuries", "重伤"),
        Column("minor_injuries", "轻伤", page=False),
        Column(
            "direct_loss",
            "直接经济损失(元)",
            page=False,
            export_value=lambda a: float(a.direct_loss),
        ),
        Column("grade_name", "事故等级", source="grade.name", cell=cell("grade")),
        Column("grade_overridden", "等级人工认定", page=False),
        Column(
            "timeliness",
            "报告及时性",
            source="timeliness.label",
            api=False,
            cell=cell("timeliness"),
        ),
        *api_only("place", "region", "enterprise", "sector", "department", "category"),
        *api_only("version", "is_demo"),
        Column("grade", "等级", page=False, export=False, api_field=code()),
        Column("computed_grade", "计算等级", page=False, export=False, api_field=code()),
    ],
)


class LevelStatusSerializer(serializers.Serializer):
    """A level of the reporting chain: due time, report time, 迟报 (late) and 未报 (missing)."""

    level = serializers.CharField()
    required = serializers.BooleanField()
    due = serializers.DateTimeField()
    reported_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    missing = serializers.BooleanField()


# The rows of 迟报/未报: each accident with its chain (the API nests the accident's list row).
TIMELINESS_LIST = ListSpec(
    model=Accident,
    name="AccidentTimeliness",
    filterset_class=filters.AccidentFilterSet,
    related=ACCIDENT_LIST.related,
    order_by=ACCIDENT_LIST.order_by,
    empty_text="没有迟报或未报的事故。",
    columns=[
        Column("title", "事故", link=True, api=False),
        Column("occurred_at", "发生时间", css="small", api=False),
        Column("grade_name", "等级", source="grade.name", api=False),
        Column(
            "problem",
            "问题",
            source="timeliness.label",
            api=False,
            cell=cell("timeliness"),
        ),
        Column(
            "levels",
            "层级",
            source="timeliness.levels",
            css="small",
            cell=cell("late_levels"),
            api_field=LevelStatusSerializer(source="timeliness.levels", many=True, read_only=True),
        ),
        Column(
            "accident",
            "事故",
            page=False,
            api_field=ACCIDENT_LIST.serializer()(source="*", read_only=True),
        ),
        Column("late", "迟报", page=False, api_field=flag("timeliness.late")),
        Column("missing", "未报", page=False, api_field=flag("timeliness.missing")),
    ],
)


INVESTIGATION_LIST = ListSpec(
    model=Investigation,
    filterset_class=filters.InvestigationFilterSet,
    related=("accident__grade",),
    order_by=("-opened_at", "-id"),
    empty_text="没有事故调查。",
    columns=[
        Column("accident_title", "事故", source="accident.title", link=True),
        Column("grade_name", "等级", source="accident.grade.name", api=False),
        Column("level", "调查组织"),
        Column("status", "状态"),
        Column("report_due", "报告期限", css="small"),
        Column("reply_due", "批复期限", css="small"),
        Column(
            "checklist_complete",
            "四不放过",
            cell=cell("done"),
            api_field=serializers.BooleanField(read_only=True),
        ),
        *api_only("id", "accident", "led_by", "team", "opened_at", "report_submitted_at"),
        *api_only("causes", "replied_at", "reply_document", *Investigation.checklist_fields),
        *api_only("closed_at", "version"),
    ],
)


TASK_LIST = ListSpec(
    model=SupervisionTask,
    filterset_class=filters.SupervisionTaskFilterSet,
    related=("region", "rule", "notified_region"),
    order_by=("-created_at", "-id"),
    empty_text="没有专项督导任务。",
    columns=[
        Column("title", "任务", link=True),
        Column("region_name", "区划", source="region.name"),
        Column("accident_count", "关联事故", api=False),
        Column(
            "notified_region_name",
            "已报告上级",
            source="notified_region.name",
            api_field=name_of("notified_region.name"),
        ),
        Column("created_at", "创建", css="small", cell="cells/date.html"),
        Column("status", "状态"),
        *api_only("id", "kind", "region", "accidents", "notified_region", "closed_at"),
        *api_only("conclusion"),
        Column("rule", "触发规则", page=False, api_field=code()),
    ],
)


WARNING_LIST = ListSpec(
    model=IndustryWarning,
    filterset_class=filters.IndustryWarningFilterSet,
    related=("region", "sector"),
    order_by=("-issued_at", "-id"),
    empty_text="没有警示。",
    columns=[
        Column("title", "标题", link=True),
        Column("region_name", "范围", source="region.name"),
        Column("sector_name", "行业领域", source="sector.name"),
        Column("issued_at", "发布", css="small", cell="cells/date.html"),
        Column("ack_due", "期限", css="small"),
        Column("acknowledged", "已确认", cell=cell("of_recipients"), api_field=count()),
        Column("inspected", "已自查", cell=cell("of_recipients"), api_field=count()),
        *api_only("id", "accident", "region", "sector", "content"),
        Column("recipients", "下发单位", page=False, api_field=count()),
        Column(
            "acknowledgement_rate",
            "确认率",
            page=False,
            api_field=serializers.FloatField(read_only=True, allow_null=True),
        ),
    ],
)


ACKNOWLEDGEMENT_LIST = ListSpec(
    model=WarningAcknowledgement,
    filterset_class=filters.WarningAcknowledgementFilterSet,
    related=("warning", "enterprise"),
    order_by=("-warning__issued_at", "id"),
    empty_text="没有收到警示。",
    columns=[
        Column("warning_title", "警示", source="warning.title", link=True),
        Column("enterprise_name", "单位", source="enterprise.name"),
        Column(
            "ack_due",
            "期限",
            source="warning.ack_due",
            css="small",
            api_field=serializers.DateField(source="warning.ack_due", read_only=True),
        ),
        Column("acknowledged_at", "确认", cell=cell("acknowledged")),
        Column("self_inspected_at", "自查", cell=cell("inspected")),
        *api_only("id", "warning", "enterprise", "self_inspection", "hazards_found"),
        Column("warning_content", "教训和要求", source="warning.content", page=False),
    ],
)


SANCTION_LIST = ListSpec(
    model=EnterpriseSanction,
    filterset_class=filters.EnterpriseSanctionFilterSet,
    related=("enterprise", "accident"),
    order_by=("-imposed_at", "-id"),
    empty_text="没有处置措施。",
    columns=[
        Column("enterprise_name", "单位", source="enterprise.name", link=True),
        Column("kind", "措施"),
        Column("accident_title", "事故", source="accident.title", api=False),
        Column("imposed_at", "决定时间", css="small", cell="cells/date.html"),
        Column("status", "状态"),
        *api_only("id", "enterprise", "accident", "reason", "previous_level", "checklist"),
        *api_only("lifted_at", "lift_note", "version"),
    ],
)


PUBLICATION_LIST = ListSpec(
    model=Publication,
    filterset_class=filters.PublicationFilterSet,
    related=("accident",),
    order_by=("-published_at", "-id"),
    empty_text="没有发布的事故。",
    columns=[
        Column("title", "标题", link=True),
        Column("accident_title", "事故", source="accident.title", api=False),
        Column("published_at", "发布", css="small", cell="cells/date.html"),
        Column("withdrawn_at", "状态", cell=cell("publication_state")),
        *api_only("id", "accident", "summary", "lessons", "name_enterprise"),
    ],
)
