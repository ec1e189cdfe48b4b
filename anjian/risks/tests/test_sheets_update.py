"""Re-importing the risk register: 编号 updates (re-assessed), and the 管控措施 sheet."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from anjian.core import audit
from anjian.core.models import AuditEvent
from anjian.risks.models import ControlMeasure, RiskPoint
from anjian.risks.services import risk_points
from anjian.risks.sheets import DATA_SHEET, risk_point_import

MEASURES = "管控措施"


def export_workbook(register, user="coordinator"):
    client = Client()
    client.force_login(register.user(user))
    response = client.get(reverse("risks:riskpoint_export"), {"region": register.county_a.pk})
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def cells(ws) -> tuple[list[str], list[list]]:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def set_cell(ws, match: dict, header: str, value) -> None:
    """Set ``header`` on the data row whose cells equal ``match`` (header → value)."""
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if all(row[headers.index(h)].value == v for h, v in match.items()):
            row[headers.index(header)].value = value
            return
    raise AssertionError(f"no row {match}")


def as_file(wb) -> SimpleUploadedFile:
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile("风险点.xlsx", out.getvalue())


def mismatches(objs) -> list:
    keys = {(audit.object_label(o), str(o.pk)) for o in objs}
    return [m for m in audit.verify_state() if (m.object_type, m.object_id) in keys]


def test_reimport_with_a_changed_cell_reassesses_that_risk_point_only(register):
    point, other = register.a["point"], register.point_a2
    wb = export_workbook(register)
    set_cell(wb[DATA_SHEET], {"编号": point.pk}, "L", 3)  # 3 × 6 × 7 = 126
    events = AuditEvent.objects.count()

    result = risk_point_import(by=register.user("coordinator"), file=as_file(wb))

    assert result.ok, result.errors
    assert ([p.pk for p in result.updated], result.unchanged) == ([point.pk], 1)
    point.refresh_from_db()
    assert (point.lec_l, point.score, point.level, point.version) == (
        Decimal(3),
        Decimal(126),
        "general",
        2,
    )
    assert RiskPoint.objects.get(pk=other.pk).version == 1
    [event] = AuditEvent.objects.filter(seq__gt=events)
    assert (event.action, event.object_id, event.region_id) == (
        "riskpoint.update",
        str(point.pk),
        register.enterprise_a.region_id,
    )
    changed = {k for k in event.after if event.after[k] != event.before[k]}
    assert changed == {"lec_l", "score", "level", "colour", "version"}
    assert audit.verify_chain().ok and mismatches([point]) == []


def test_measures_sheet_round_trips(register):
    point = register.a["point"]
    wb = export_workbook(register)
    headers, rows = cells(wb[MEASURES])
    assert headers == [
        "编号",
        "统一社会信用代码",
        "风险点名称",
        "措施类别",
        "管控层级",
        "管控措施",
        "责任人",
    ]
    assert rows == [
        [point.pk, register.enterprise_a.credit_code, point.name]
        + ["工程技术措施", "公司级", "设置可燃有毒气体检测报警装置", "张三"]
    ]
    points = wb[DATA_SHEET]
    new_point = [None] * points.max_column
    for header, value in {
        "统一社会信用代码": register.enterprise_a.credit_code,
        "风险点名称": "新建的装卸区",
        "场所/部位": "装卸区",
        "作业活动/设备设施": "液氨装卸",
        "危险和有害因素代码": "2101",
        "事故类型代码": "08",
        "评价方法": "LS",
        "L": 2,
        "S": 3,
        "管控责任人": "李四",
    }.items():
        new_point[[c.value for c in points[1]].index(header)] = value
    points.append(new_point)
    measures = wb[MEASURES]
    measures.append([point.pk, None, None, "管理措施", "班组级", "每班巡检两次", "王五"])
    code = register.enterprise_a.credit_code
    measures.append([None, code, "新建的装卸区", "培训教育措施", "岗位级", "装卸前培训", "李四"])
    events = AuditEvent.objects.count()

    result = risk_point_import(by=register.user("coordinator"), file=as_file(wb))

    assert result.ok, result.errors
    assert result.children[MEASURES].as_dict() == {"created": 2, "updated": 0, "unchanged": 1}
    [created] = result.created
    assert sorted(point.measures.values_list("text", flat=True)) == [
        "每班巡检两次",
        "设置可燃有毒气体检测报警装置",  # kept
    ]
    assert list(created.measures.values_list("text", "responsible")) == [("装卸前培训", "李四")]
    actions = list(
        AuditEvent.objects.filter(seq__gt=events).order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["riskpoint.create", "controlmeasure.add", "controlmeasure.add"]
    added = list(ControlMeasure.objects.filter(text__in=["每班巡检两次", "装卸前培训"]))
    assert audit.verify_chain().ok and mismatches([created, *added]) == []

    # The new export imports back as it is: nothing added, nothing recorded.
    again = risk_point_import(
        by=register.user("coordinator"), file=as_file(export_workbook(register))
    )
    assert again.ok, again.errors
    assert again.children[MEASURES].as_dict() == {"created": 0, "updated": 0, "unchanged": 3}
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.count() == events + 3


def test_measure_rows_that_name_no_risk_point_are_errors_on_their_sheet(register):
    wb = export_workbook(register)
    measures = wb[MEASURES]
    code = register.enterprise_a.credit_code
    measures.append([999999, None, None, "管理措施", "班组级", "未知编号", "王五"])
    measures.append([None, code, "文件中没有的风险点", "管理措施", "班组级", "无处可挂", "王五"])
    measures.append([None, None, None, "管理措施", "班组级", "什么都没填", "王五"])
    measures.append([register.b["point"].pk, None, None, "管理措施", "班组级", "乙县的", "王五"])
    api = APIClient()
    api.force_authenticate(register.user("coordinator"))

    response = api.post("/api/risk-points/import/", {"file": as_file(wb)}, format="multipart")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["sheet"] for e in errors} == {MEASURES}
    reasons = {e["row"]: (e["column"], e["reason"]) for e in errors}
    assert reasons[3] == ("编号", "编号为999999的风险点不存在或不在您的管辖范围内。")
    assert reasons[4][0] == "编号" and "没有与本行相符的风险点" in reasons[4][1]
    assert reasons[5] == ("编号", "请填写编号，或所属风险点的名称和单位。")
    assert reasons[6] == ("编号", "风险点不存在或不在您的管辖范围内。")
    assert register.b["point"].name not in str(errors)
    assert not ControlMeasure.objects.filter(text="未知编号").exists()


def test_ids_outside_scope_and_a_moved_enterprise_are_refused(register):
    wb = export_workbook(register)
    points = wb[DATA_SHEET]
    set_cell(points, {"编号": register.point_a2.pk}, "编号", register.b["point"].pk)
    set_cell(
        points,
        {"编号": register.a["point"].pk},
        "统一社会信用代码",
        register.enterprise_a2.credit_code,
    )
    del wb[MEASURES]

    result = risk_point_import(by=register.user("coordinator"), file=as_file(wb))

    found = {(e.row, e.column): e.reason for e in result.errors}
    assert set(found.values()) == {
        "风险点不存在或不在您的管辖范围内。",
        "风险点登记后不能改变所属单位；请停用后在新单位下登记。",
    }
    assert {column for _row, column in found} == {"编号", "统一社会信用代码"}
    assert RiskPoint.objects.get(pk=register.a["point"].pk).enterprise == register.enterprise_a


def test_the_page_names_the_sheet_of_an_error(register):
    wb = export_workbook(register)
    wb[MEASURES].append([register.a["point"].pk, None, None, "不存在的类别", "班组级", "x", "王五"])
    client = Client()
    client.force_login(register.user("coordinator"))
    page = client.post(reverse("risks:riskpoint_import"), {"file": as_file(wb)})
    body = page.content.decode()
    assert "未导入任何数据" in body and "【管控措施】措施类别" in body


def test_a_deactivated_risk_point_keeps_its_measures_and_gets_no_new_one(register):
    point = register.a["point"]
    risk_points.risk_point_deactivate(by=None, risk_point=point, reason="设备已拆除")
    wb = export_workbook(register)
    assert risk_point_import(by=register.user("coordinator"), file=as_file(wb)).ok
    wb[MEASURES].append([point.pk, None, None, "管理措施", "班组级", "新措施", "王五"])
    wb[MEASURES].append([point.pk, None, None, "管理措施", "班组级", "新措施", "王五"])

    result = risk_point_import(by=register.user("coordinator"), file=as_file(wb))

    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "（整行）", "风险点当前状态为“已停用”，不能添加管控措施。"),
        (4, "（整行）", "与第3行的管控措施相同。"),
    ]
