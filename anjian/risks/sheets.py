"""Risk points and their control measures in .xlsx: the import specs and the import service.

The 风险点 sheet is keyed by 编号 (the risk point's id, written by the export): a row with an
编号 updates that risk point (re-assessed by the same ``Assessor`` as every form), a row
without one registers a new risk point. The 管控措施 sheet adds measures to a risk point
named by 编号, or, for one created in the same file, by 统一社会信用代码 + 风险点名称; a
measure identical to one already there is left alone, and measures not in the file are
kept (take one off with 撤销 on the risk point's page). All rows or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from anjian.core.access import Access, access_for
from anjian.core.imports import (
    EXAMPLE_MARK,
    ChildSpec,
    Column,
    ImportResult,
    ImportSpec,
    Row,
    run_import,
)
from anjian.core.imports.cells import plain_number
from anjian.core.imports.lookups import CodeTable, EnterpriseLookup
from anjian.core.imports.spec import copy_row
from anjian.core.models import AccidentCategory, Enterprise, User
from anjian.core.validators import normalise_credit_code, normalise_phone
from anjian.risks.models import (
    ControlKind,
    ControlLevel,
    ControlMeasure,
    HazardFactorCategory,
    LecFactor,
    LsScale,
    RiskMethod,
    RiskPoint,
)
from anjian.risks.services.assessment import INPUT_FIELDS, Assessor
from anjian.risks.services.risk_points import MOVED, new_risk_point, risk_point_changes
from anjian.risks.workflows import RISK_POINT_FLOW

CALCULATED = "由平台计算，导入时不读取"
READ_FIELDS = (
    "name",
    "place",
    "activity",
    "method",
    "responsible_name",
    "responsible_phone",
    "hazard_factors",
    "accident_types",
    "next_review_on",
)


class RiskPointEnterprise(EnterpriseLookup):
    """The enterprise of a risk point; the template lists those the user may register for."""

    permission = "riskpoint.add"


class HazardFactorCodes(CodeTable):
    model = HazardFactorCategory
    label_text = "危险和有害因素"
    example = "2101"


class AccidentTypeCodes(CodeTable):
    model = AccidentCategory
    label_text = "事故类型"
    example = "08"
    pad = 2  # Excel turned "05" into 5


def _example_enterprise(by: User | None) -> Enterprise | None:
    """The first enterprise the importer may register risk points for (the example row's)."""
    return access_for(by).scope(Enterprise, "riskpoint.add").order_by("name").first()


class MeasureSpec(ChildSpec):
    """The 管控措施 sheet: measures added to the risk points they name."""

    model = ControlMeasure
    sheet = "管控措施"
    unit = "条管控措施"
    parent_field = "risk_point"
    parent_key = "point_id"
    reference_fields = frozenset({"point_id", "enterprise_code", "point_name"})
    columns = (
        Column(
            "编号",
            "point_id",
            "int",
            note="所属风险点的编号（“风险点”工作表的编号列）；同一文件中新建的风险点留空，"
            "并填写统一社会信用代码和风险点名称",
        ),
        Column("统一社会信用代码", "enterprise_code", normalise=normalise_credit_code, width=24),
        Column("风险点名称", "point_name", width=20),
        Column("措施类别", "kind", "choice", required=True, choices=ControlKind),
        Column("管控层级", "control_level", "choice", required=True, choices=ControlLevel),
        Column("管控措施", "text", required=True, width=44),
        Column("责任人", "responsible", required=True),
    )

    def create_action(self) -> str:
        return "controlmeasure.add"

    def match(self, row: Row) -> tuple | None:
        code, name = row.values.get("enterprise_code"), row.values.get("point_name")
        return (code, name) if code and name else None

    def parent_match(self, parent: Row) -> tuple | None:
        enterprise, name = parent.values.get("enterprise"), parent.values.get("name")
        return (enterprise.credit_code, name) if enterprise and name else None

    def identity(self, obj: ControlMeasure) -> tuple:
        return (obj.kind, obj.control_level, obj.text.strip(), obj.responsible.strip())

    def siblings(self, parents: list[RiskPoint]) -> dict:
        found: dict = {}
        for m in ControlMeasure.objects.active().filter(risk_point__in=parents):
            found.setdefault(m.risk_point_id, []).append(m)
        return found

    def check_parent(self, parent: RiskPoint, access: Access) -> str | None:
        return RISK_POINT_FLOW.blocked(parent, "add_measure")

    def example(self, by) -> dict:
        enterprise = _example_enterprise(by)
        return {
            "enterprise_code": EXAMPLE_MARK
            + (enterprise.credit_code if enterprise else "91140222MA0L2K3H4F"),
            "point_name": "液氨储罐区",
            "kind": str(ControlKind.ENGINEERING.label),
            "control_level": str(ControlLevel.COMPANY.label),
            "text": "设置可燃有毒气体检测报警装置",
            "responsible": "张三",
        }

    def export_children(self, parents):
        measures = ControlMeasure.objects.active().filter(risk_point__in=parents)
        return measures.select_related("risk_point__enterprise").order_by("risk_point_id", "id")

    def export_cell(self, obj: ControlMeasure, column: Column):
        if column.field == "point_id":
            return obj.risk_point_id
        if column.field == "enterprise_code":
            return obj.risk_point.enterprise.credit_code
        if column.field == "point_name":
            return obj.risk_point.name
        return super().export_cell(obj, column)


class RiskPointSpec(ImportSpec):
    """The 风险点 sheet, keyed by 编号; score, level and colour are computed, never read."""

    model = RiskPoint
    sheet = "风险点"
    key = "id"
    key_creates = False
    unit = "个风险点"
    scope_column = "统一社会信用代码"
    page_hint = "危险和有害因素、事故类型填写代码（见模板“填写说明”）。"
    children = (MeasureSpec,)
    columns = (
        Column(
            "编号", "id", "int", note="平台编号，导出文件带有：填写则更新该风险点，新风险点留空"
        ),
        Column(
            "统一社会信用代码",
            "enterprise",
            "lookup",
            required=True,
            lookup=RiskPointEnterprise,
            note="所属单位的18位代码，须在您的管辖范围内",
            width=24,
        ),
        Column(
            "单位名称", "enterprise_name", export_only=True, note="仅供核对，导入时不读取", width=28
        ),
        Column("风险点名称", "name", required=True, width=20),
        Column("场所/部位", "place", required=True, width=18),
        Column("作业活动/设备设施", "activity", required=True, width=20),
        Column(
            "危险和有害因素代码",
            "hazard_factors",
            "codes",
            required=True,
            lookup=HazardFactorCodes,
            note="GB/T 13861代码，多个用顿号或逗号分隔，如“2101、120202”",
            width=22,
        ),
        Column(
            "事故类型代码",
            "accident_types",
            "codes",
            required=True,
            lookup=AccidentTypeCodes,
            note="GB 6441代码，多个用顿号分隔，如“08、19”",
            width=16,
        ),
        Column("评价方法", "method", required=True, normalise=str.upper, note="LEC 或 LS"),
        Column("L", "L", "decimal", required=True, note="LEC：事故发生的可能性；LS：可能性(1–5)"),
        Column("E", "E", "decimal", note="LEC：暴露频繁程度；LS法留空", width=8),
        Column("C", "C", "decimal", note="LEC：后果严重程度；LS法留空", width=8),
        Column("S", "S", "decimal", note="LS：严重性(1–5)；LEC法留空", width=8),
        Column("管控责任人", "responsible_name", required=True),
        Column(
            "责任人电话",
            "responsible_phone",
            normalise=normalise_phone,
            note="11位手机号或“区号-号码”",
        ),
        Column(
            "下次评估日期",
            "next_review_on",
            "date",
            note="Excel日期或YYYY-MM-DD；新建时空白为一年后，更新时空白保持不变",
        ),
        Column("风险值", "score", export_only=True, note=CALCULATED),
        Column("风险等级", "level", export_only=True, note=CALCULATED),
        Column("颜色", "colour", export_only=True, note=CALCULATED),
    )
    notes = (
        "风险值、风险等级和颜色由平台按评价方法和分值表计算，不需填写（导出文件中的这三列导入时忽略）。",
        "LEC法填写L、E、C（D=L×E×C）；LS法填写L、S（R=L×S），取值只能是下表列出的值。",
        "有编号的行更新该风险点（须在您的管辖范围内），没有编号的行登记为新风险点；"
        "导出的文件可直接修改后导入，未改动的行不会产生修改记录。",
        "“管控措施”工作表：与已有措施完全相同的行不重复登记，新的行增加为该风险点的措施；"
        "文件中没有的已有措施保持不变（撤销请在风险点页面操作）。",
    )

    def context(self, by) -> dict:
        return {"assessor": Assessor.load(), "today": timezone.localdate()}

    def existing_queryset(self):
        return super().existing_queryset().select_related("enterprise__region")

    def header_for(self, name: str, row: Row) -> str:
        for axis, field in INPUT_FIELDS.get(row.values.get("method"), {}).items():
            if field == name:
                return axis
        return super().header_for(name, row)

    def build(self, row: Row, ctx: dict, access: Access) -> None:
        values = row.values
        data = {k: values[k] for k in READ_FIELDS if k in values}
        # An empty optional cell clears it; an empty review date keeps it (or, new, a year on).
        data |= {k: "" for k in ("responsible_phone",) if k in row.blank}
        for axis, field in INPUT_FIELDS.get(values.get("method"), {}).items():
            data[field] = values.get(axis)
        assessor = ctx["assessor"]
        if row.existing is None:
            data["enterprise"] = values.get("enterprise")
            row.obj, row.m2m = new_risk_point(
                by=ctx["by"], data=data, assessor=assessor, today=ctx["today"], constraints=False
            )
            return
        existing = row.existing
        if values.get("enterprise") not in (None, existing.enterprise):
            raise ValidationError({"enterprise": MOVED})
        changes, m2m = risk_point_changes(
            row=existing, data=data, assessor=assessor, constraints=False
        )
        row.obj = copy_row(existing)
        for name, value in changes.items():
            setattr(row.obj, name, value)
        row.m2m, row.changes = m2m, set(changes) | set(m2m)

    def example(self, by) -> dict:
        enterprise = _example_enterprise(by)
        return {
            "enterprise": EXAMPLE_MARK
            + (enterprise.credit_code if enterprise else "91140222MA0L2K3H4F"),
            "enterprise_name": enterprise.name if enterprise else "某某化工有限公司",
            "name": "液氨储罐区",
            "place": "储罐区",
            "activity": "液氨储存、装卸",
            "hazard_factors": "22、2101",
            "accident_types": "19、08",
            "method": "LEC",
            "L": 6,
            "E": 6,
            "C": 7,
            "responsible_name": "张三",
            "responsible_phone": "13800138000",
            "next_review_on": dt.date(2027, 6, 30),
        }

    def instructions(self, by) -> Iterator[list]:
        yield ["评价方法", None, None, "、".join(RiskMethod.values)]
        for f in LecFactor.objects.order_by("factor", "-score"):
            yield [f"LEC {f.factor}", None, f.description, plain_number(f.score)]
        for s in LsScale.objects.order_by("axis", "-value"):
            yield [f"LS {s.axis}", None, s.description, s.value]

    def export_queryset(self, queryset):
        return queryset.select_related("enterprise").prefetch_related(
            "hazard_factors", "accident_types"
        )

    def export_cell(self, point: RiskPoint, column: Column):
        name = column.field
        if name == "id":
            return point.pk
        if name == "enterprise_name":
            return point.enterprise.name
        if name in ("L", "E", "C", "S"):
            return plain_number(point.inputs().get(name))
        if name == "score":
            return plain_number(point.score)
        if name == "level":
            return point.level_name
        if name == "colour":
            return point.get_colour_display()
        return super().export_cell(point, column)


RISK_POINTS = RiskPointSpec()
COLUMNS = RiskPointSpec.columns
DATA_SHEET = RiskPointSpec.sheet


def risk_point_import(*, by: User | None, file: UploadedFile) -> ImportResult:
    """Import an .xlsx of risk points and their measures: every row or, on any problem, none."""
    return run_import(RISK_POINTS, by=by, file=file)
