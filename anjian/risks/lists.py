"""The register's lists, each declared once: risk points and control measures. Their columns
are the page table and the API list fields (see ``core.lists``); the risk point export is the
import workbook (``sheets``), so that it reads back."""

from __future__ import annotations

from rest_framework import serializers

from anjian.core.lists import Column, ListSpec
from anjian.risks.filters import ControlMeasureFilterSet, RiskPointFilterSet
from anjian.risks.models import SEVERITY, ControlMeasure, RiskPoint
from anjian.risks.sheets import RISK_POINTS


def _boolean():
    return serializers.BooleanField(read_only=True)


def _codes():
    return serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)


def _display(key: str, label: str, field: str) -> Column:
    """A choice's label, for the API only (the page cell shows it in the code's column)."""
    return Column(
        key,
        label,
        page=False,
        api_field=serializers.CharField(source=f"get_{field}_display", read_only=True),
    )


RISK_POINT_LIST = ListSpec(
    model=RiskPoint,
    workbook=RISK_POINTS,
    name="RiskPoint",
    filterset_class=RiskPointFilterSet,
    related=("enterprise__sector", "enterprise__region"),
    order_by=(SEVERITY, "-score", "id"),
    empty_text="没有符合条件的风险点。",
    columns=[
        Column("id", "编号", page=False),
        Column("name", "风险点", cell="risks/cells/name.html"),
        Column("enterprise", "单位ID", page=False),
        Column(
            "enterprise_name",
            "所属单位",
            source="enterprise.name",
            cell="risks/cells/enterprise.html",
        ),
        Column("sector", "行业领域ID", source="enterprise.sector_id", page=False),
        Column("sector_name", "行业领域", source="enterprise.sector.name", page=False),
        Column("region", "属地ID", source="enterprise.region_id", page=False),
        Column("region_name", "属地", source="enterprise.region.name", page=False),
        Column("place", "场所/部位"),
        Column("activity", "作业活动/设备设施"),
        Column("hazard_factors", "危险和有害因素", page=False, api_field=_codes()),
        Column("accident_types", "事故类型", page=False, api_field=_codes()),
        Column("method", "方法", css="small", cell="risks/cells/method.html"),
        *[Column(name, name.upper(), page=False) for name in ("lec_l", "lec_e", "lec_c")],
        *[Column(name, name.upper(), page=False) for name in ("ls_l", "ls_s")],
        Column("score", "风险值", cell="risks/cells/score.html"),
        Column("level", "等级", cell="risks/cells/level.html"),
        _display("level_display", "风险等级", "level"),
        Column("colour", "颜色", page=False),
        _display("colour_display", "颜色名称", "colour"),
        Column("assessed_on", "评估日期", page=False),
        Column("responsible_name", "责任人"),
        Column("next_review_on", "下次评估", css="small", cell="risks/cells/review.html"),
        Column("review_overdue", "评估逾期", page=False, api_field=_boolean()),
        Column("responsible_phone", "责任人电话", page=False),
        Column("is_active", "在用", page=False, api_field=_boolean()),
        Column("deactivated_reason", "停用原因", page=False),
        Column("version", "版本", page=False),
        Column("is_demo", "演示数据", page=False),
        Column("updated_at", "更新时间", page=False),
    ],
)


MEASURE_LIST = ListSpec(
    model=ControlMeasure,
    name="ControlMeasure",
    filterset_class=ControlMeasureFilterSet,
    order_by=("risk_point", "id"),
    empty_text="尚未登记管控措施。",
    columns=[
        Column("id", "编号", page=False),
        Column("risk_point", "风险点ID", page=False),
        Column("kind", "类别"),
        _display("kind_display", "措施类别", "kind"),
        Column("control_level", "管控层级"),
        _display("control_level_display", "管控层级名称", "control_level"),
        Column("text", "措施", cell="risks/cells/measure_text.html"),
        Column("responsible", "责任人"),
        Column("is_active", "有效", page=False, api_field=_boolean()),
        Column("created_at", "登记时间", page=False),
        Column("steps", "", source="pk", cell="risks/cells/measure_steps.html", api=False),
    ],
)
