"""The duties lists, each declared once: the columns of a list are its page table, its API
list fields and its export (``core.lists``); an API-only list has no page columns in use."""

from __future__ import annotations

from rest_framework.serializers import IntegerField, SlugRelatedField

from anjian.core.lists import Column, ListSpec
from anjian.duties.filters import (
    NoticeFilterSet,
    NotificationFilterSet,
    ObligationFilterSet,
    OccurrenceFilterSet,
)
from anjian.duties.models import (
    Indicator,
    Notice,
    Notification,
    Obligation,
    ObligationUnit,
    Occurrence,
    ProgressReport,
)


def cell(name: str) -> str:
    """The template of a duties list cell."""
    return f"duties/cells/{name}.html"


NOTICE_LIST = ListSpec(
    model=Notice,
    filterset_class=NoticeFilterSet,
    related=("region",),
    order_by=("-year", "-id"),
    empty_text="没有政策文件。",
    columns=[
        Column("id", "编号", page=False),
        Column("title", "标题", cell=cell("notice_title")),
        Column("doc_number", "文号"),
        Column("issuer", "发文机关", page=False),
        Column("date", "成文日期", page=False),
        Column("region", "发文区划ID", page=False),
        Column("region_name", "发文区划", source="region.name"),
        Column("year", "年度"),
        Column("task_count", "任务数", api_field=IntegerField(read_only=True)),
        Column("status", "状态"),
        Column("source_name", "原文件名", page=False),
        Column("created_at", "登记时间", page=False),
    ],
)
"""Notices, with ``task_count`` annotated by ``Notice.objects.with_task_count()``."""

TASK_TABLE = ListSpec(
    model=Obligation,
    export_title="任务分工表",
    empty_text="没有您可以查看的任务。",
    columns=[
        Column("number", "序号", "obligation.number", css="num", width=6, cell=cell("task")),
        Column("text", "任务内容", "obligation.text", width=80, cell=cell("text")),
        Column("units", "责任单位", "unit_text", width=36, cell=cell("units")),
        Column("deadline", "完成时限", "obligation.deadline_text", width=20),
        Column("progress", "进展", "progress_text", css="num", width=20),
    ],
)
"""The 任务分工表 of a notice: its rows are ``selectors.TaskRow``s (no API list)."""

UNIT_LIST = ListSpec(
    model=ObligationUnit,
    name="ObligationUnit",
    columns=[
        Column("department", "部门ID"),
        Column("department_name", "部门", "department.name"),
        Column("role", "分工"),
        Column("source_name", "原文单位名称"),
    ],
)

INDICATOR_LIST = ListSpec(
    model=Indicator,
    order_by=("obligation", "id"),
    columns=[
        Column("id", "编号"),
        Column("obligation", "任务ID"),
        Column("target_value", "目标值"),
        Column("unit", "单位"),
        Column("phrase", "原文"),
        Column("current_value", "当前值"),
    ],
)

OBLIGATION_LIST = ListSpec(
    model=Obligation,
    filterset_class=ObligationFilterSet,
    order_by=("notice", "number"),
    columns=[
        Column("id", "编号"),
        Column("notice", "政策文件ID"),
        Column("number", "序号"),
        Column("text", "任务内容"),
        Column("deadline_text", "完成时限"),
        Column("units", "责任单位", api_field=UNIT_LIST.serializer()(many=True, read_only=True)),
        Column("pending_units", "待指定单位"),
        Column(
            "indicators",
            "量化指标",
            api_field=INDICATOR_LIST.serializer()(many=True, read_only=True),
        ),
    ],
)

OCCURRENCE_LIST = ListSpec(
    model=Occurrence,
    filterset_class=OccurrenceFilterSet,
    related=("obligation", "department"),
    order_by=("due_date", "id"),
    empty_text="没有任务。",
    columns=[
        Column("id", "编号", page=False),
        Column("obligation", "任务ID", page=False),
        Column("obligation_number", "任务", "obligation.number", cell=cell("occurrence_task")),
        Column("notice", "政策文件ID", "obligation.notice_id", page=False),
        Column("department", "责任单位ID", page=False),
        Column("department_name", "责任单位", "department.name", cell=cell("department")),
        Column("role", "分工", page=False),
        Column("period", "周期"),
        Column("due_date", "完成时限", cell="cells/date.html"),
        Column("status", "状态", cell=cell("occurrence_status")),
        Column("overdue", "逾期", "is_overdue", page=False),
        Column("submitted_at", "最近提交时间", page=False),
        Column("accepted_at", "通过时间", page=False),
        Column("on_time", "按时完成", page=False),
    ],
)

REPORT_LIST = ListSpec(
    model=ProgressReport,
    order_by=("-submitted_at", "-id"),
    columns=[
        Column("id", "编号"),
        Column("occurrence", "任务周期ID"),
        Column("department", "责任单位ID"),
        Column("text", "进展情况"),
        Column("by", "填报人ID", "reported_by_id"),
        Column("submitted_at", "提交时间"),
        Column("decision", "审核结果"),
        Column("reason", "退回理由"),
        Column("decided_by", "审核人ID"),
        Column("decided_at", "审核时间"),
        Column(
            "evidence", "佐证材料", api_field=SlugRelatedField("name", many=True, read_only=True)
        ),
    ],
)
"""A period's progress reports, newest first (the API; the page shows them as cards)."""

NOTIFICATION_LIST = ListSpec(
    model=Notification,
    filterset_class=NotificationFilterSet,
    related=("department",),
    order_by=("-created_at", "-id"),
    empty_text="没有提醒。",
    columns=[
        Column("id", "编号", page=False),
        Column("created_at", "时间", css="small"),
        Column("kind", "类别"),
        Column("department", "部门ID", page=False),
        Column("department_name", "部门", "department.name", api=False),
        Column("occurrence", "任务周期ID", page=False),
        Column("message", "内容", cell=cell("notification_message")),
    ],
)
