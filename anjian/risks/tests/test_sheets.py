"""Risk points in Excel: template, all-or-nothing import with row/column/reason, round trip."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from anjian.core.models import AuditEvent
from anjian.core.tests.import_helpers import upload_and_confirm
from anjian.core.tests.scenarios import can
from anjian.risks.models import RiskPoint
from anjian.risks.sheets import COLUMNS, DATA_SHEET, risk_point_import
from conftest import ROLES

HEADERS = [c.header for c in COLUMNS if not c.export_only]


def workbook(rows: list[dict], headers: list[str] | None = None) -> SimpleUploadedFile:
    headers = headers or HEADERS
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile(
        "风险点.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def good_row(world, **overrides) -> dict:
    row = {
        "统一社会信用代码": world.enterprise_a.credit_code,
        "风险点名称": "导入的储罐区",
        "场所/部位": "储罐区",
        "作业活动/设备设施": "液氨装卸",
        "危险和有害因素代码": "22、2101",
        "事故类型代码": "19,08",
        "评价方法": "LEC",
        "L": 6,
        "E": 6,
        "C": 7,
        "管控责任人": "张三",
        "责任人电话": "13800138000",
        "下次评估日期": dt.date(2027, 6, 30),
    }
    row.update(overrides)
    return row


def read_back(response) -> tuple[list[str], list[list]]:
    content = b"".join(response.streaming_content)
    ws = load_workbook(BytesIO(content))[DATA_SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def test_a_clean_file_imports_every_row_with_computed_levels(register):
    user = register.user("enterprise_manager")
    rows = [
        good_row(register),
        good_row(register, 风险点名称="有限空间", 评价方法="LS", L=5, E=None, C=None, S=5),
    ]
    result = risk_point_import(by=user, file=workbook(rows))
    assert result.ok, result.errors
    assert [(p.name, p.level, p.colour) for p in result.created] == [
        ("导入的储罐区", "large", "orange"),
        ("有限空间", "major", "red"),
    ]
    first = result.created[0]
    assert sorted(first.hazard_factors.values_list("code", flat=True)) == ["2101", "22"]
    assert sorted(first.accident_types.values_list("code", flat=True)) == ["08", "19"]
    assert first.reported_by == user and first.next_review_on == dt.date(2027, 6, 30)


def test_errors_name_row_column_and_reason_and_nothing_is_saved(register):
    before = RiskPoint.objects.count(), AuditEvent.objects.count()
    rows = [
        good_row(register),  # row 2: fine, but the file has errors, so it is not kept either
        good_row(register, 危险和有害因素代码="2101、9999"),  # row 3: bad hazard code
        good_row(register, L=7),  # row 4: L not in the LEC table
        good_row(register, 事故类型代码="5、88"),  # row 5: "5" is read as 05; 88 is unknown
        good_row(register, 统一社会信用代码=register.enterprise_b.credit_code),  # row 6: outside
        good_row(register, 评价方法="ABC", 管控责任人=None),  # row 7: two problems
    ]
    result = risk_point_import(by=register.user("enterprise_manager"), file=workbook(rows))
    assert not result.ok and result.created == []
    found = {(e.row, e.column): e.reason for e in result.errors}
    assert "“9999”不存在" in found[(3, "危险和有害因素代码")]
    assert "L（事故发生的可能性）取值 7 不在 LEC 分值表中" in found[(4, "L")]
    assert "可选：0.1、0.2、0.5、1、3、6、10" in found[(4, "L")]
    assert "“88”不存在" in found[(5, "事故类型代码")] and "05" not in found[(5, "事故类型代码")]
    assert "不在您的管辖范围内" in found[(6, "统一社会信用代码")]
    assert "评价方法“ABC”无效" in found[(7, "评价方法")]
    assert (7, "管控责任人") in found
    assert not any(e.row == 2 for e in result.errors)
    assert (RiskPoint.objects.count(), AuditEvent.objects.count()) == before


def test_a_missing_column_is_reported_before_any_row(register):
    headers = [h for h in HEADERS if h != "风险点名称"]
    result = risk_point_import(
        by=register.user("coordinator"), file=workbook([good_row(register)], headers)
    )
    assert [e.as_dict() for e in result.errors] == [
        {"row": 1, "column": "风险点名称", "reason": "缺少必填列。"}
    ]
    unknown = risk_point_import(
        by=register.user("coordinator"),
        file=workbook([good_row(register)], [*HEADERS, "备注栏"]),
    )
    assert [(e.row, e.column) for e in unknown.errors] == [(1, "备注栏")]


def test_an_unknown_enterprise_and_the_example_row_are_explained(register):
    rows = [
        good_row(register, 统一社会信用代码="91140222MA0L2K3H4X"),
        good_row(register, 统一社会信用代码="（示例）" + register.enterprise_a.credit_code),
    ]
    result = risk_point_import(by=register.user("coordinator"), file=workbook(rows))
    found = {(e.row, e.column): e.reason for e in result.errors}
    assert "平台中没有" in found[(2, "统一社会信用代码")]
    assert "示例行" in found[(3, "（整行）")]


def test_a_file_that_is_not_a_workbook_is_refused(register):
    upload = SimpleUploadedFile("风险点.xlsx", b"not a zip", content_type="application/zip")
    result = risk_point_import(by=register.user("coordinator"), file=upload)
    assert [e.column for e in result.errors] == ["（文件）"]


FIELDS = [
    "enterprise_id",
    "name",
    "place",
    "activity",
    "method",
    "lec_l",
    "lec_e",
    "lec_c",
    "ls_l",
    "ls_s",
    "score",
    "level",
    "colour",
    "responsible_name",
    "responsible_phone",
    "next_review_on",
]


def exported(client, **query) -> bytes:
    return b"".join(client.get(reverse("risks:riskpoint_export"), query).streaming_content)


def test_export_of_a_filtered_list_imports_back_unchanged(register):
    client = Client()
    client.force_login(register.user("coordinator"))
    response = client.get(reverse("risks:riskpoint_export"), {"region": register.county_a.pk})
    assert response.status_code == 200
    headers, rows = read_back(response)
    assert headers == [c.header for c in COLUMNS]
    names = [row[headers.index("风险点名称")] for row in rows]
    assert sorted(names) == ["甲一液氨储罐区", "甲二配电室"]  # county B's is not exported
    level = [row[headers.index("风险等级")] for row in rows]
    assert set(level) == {"较大风险", "一般风险"}
    ids = {row[headers.index("编号")] for row in rows}
    assert ids == {register.a["point"].pk, register.point_a2.pk}

    # Import the exported file back: each row names its risk point, and nothing changes.
    before = {p.pk: [getattr(p, f) for f in FIELDS] for p in RiskPoint.objects.all()}
    events = AuditEvent.objects.count()
    versions = {p.pk: p.version for p in RiskPoint.objects.all()}
    upload = SimpleUploadedFile("export.xlsx", exported(client, region=register.county_a.pk))
    result = risk_point_import(by=register.user("coordinator"), file=upload)
    assert result.ok, result.errors
    assert (len(result.created), len(result.updated), result.unchanged) == (0, 0, 2)
    assert result.children["管控措施"].as_dict() == {"created": 0, "updated": 0, "unchanged": 1}
    assert AuditEvent.objects.count() == events
    assert {p.pk: [getattr(p, f) for f in FIELDS] for p in RiskPoint.objects.all()} == before
    assert {p.pk: p.version for p in RiskPoint.objects.all()} == versions


def test_export_without_its_ids_registers_copies_with_the_same_assessment(register):
    client = Client()
    client.force_login(register.user("coordinator"))
    wb = load_workbook(BytesIO(exported(client, region=register.county_a.pk)))
    del wb["管控措施"]
    for (cell,) in wb[DATA_SHEET].iter_rows(min_row=2, max_col=1):
        cell.value = None  # no 编号: each row is a new risk point
    out = BytesIO()
    wb.save(out)
    result = risk_point_import(
        by=register.user("coordinator"), file=SimpleUploadedFile("copy.xlsx", out.getvalue())
    )
    assert result.ok, result.errors
    assert len(result.created) == 2
    for new in result.created:
        old = RiskPoint.objects.exclude(pk=new.pk).get(name=new.name)
        assert [getattr(new, f) for f in FIELDS] == [getattr(old, f) for f in FIELDS]
        assert set(new.hazard_factors.all()) == set(old.hazard_factors.all())
        assert set(new.accident_types.all()) == set(old.accident_types.all())


def test_filtered_export_takes_the_list_filters(register):
    client = Client()
    client.force_login(register.user("coordinator"))
    _headers, rows = read_back(client.get(reverse("risks:riskpoint_export"), {"method": "LS"}))
    assert [r[_headers.index("风险点名称")] for r in rows] == ["甲二配电室"]
    bad = client.get(reverse("risks:riskpoint_export"), {"level": "purple"})
    assert bad.status_code == 400 and "风险等级" in bad.content.decode()


def test_template_has_an_example_row_and_the_allowed_codes(register):
    client = Client()
    client.force_login(register.user("enterprise_manager"))
    response = client.get(reverse("risks:riskpoint_import_template"))
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    data = list(wb[DATA_SHEET].iter_rows(values_only=True))
    assert list(data[0]) == [c.header for c in COLUMNS]
    code = data[1][list(data[0]).index("统一社会信用代码")]
    assert str(code).startswith("（示例）") and register.enterprise_a.credit_code in code
    notes = [row for row in wb["填写说明"].iter_rows(values_only=True)]
    values = {row[3] for row in notes if row and row[3] is not None}
    assert {"2101", "08", register.enterprise_a.credit_code} <= {str(v) for v in values}
    assert register.enterprise_b.credit_code not in {str(v) for v in values}


@pytest.mark.parametrize("role", ROLES)
def test_import_page_and_api_follow_the_matrix(register, role):
    allowed = can(role, "riskpoint.import")
    client = Client()
    client.force_login(register.user(role))
    page = upload_and_confirm(
        client, reverse("risks:riskpoint_import"), workbook([good_row(register)])
    )
    api = APIClient()
    api.force_authenticate(register.user(role))
    body = {"file": workbook([good_row(register, 风险点名称="接口导入")])}
    answer = api.post("/api/risk-points/import/", body, format="multipart")
    template = api.get("/api/risk-points/import/template/")
    if not allowed:
        assert (page.status_code, answer.status_code, template.status_code) == (403, 403, 403)
        return
    assert page.status_code == 302 and RiskPoint.objects.filter(name="导入的储罐区").exists()
    assert answer.status_code == 201
    assert answer.data == {"created": 1, "updated": 0, "unchanged": 0}
    assert template.status_code == 200
    bad = api.post(
        "/api/risk-points/import/",
        {"file": workbook([good_row(register, L=7)])},
        format="multipart",
    )
    assert bad.status_code == 400 and bad.data["errors"][0]["column"] == "L"


def test_import_page_lists_every_error(register):
    client = Client()
    client.force_login(register.user("coordinator"))
    response = client.post(
        reverse("risks:riskpoint_import"), {"file": workbook([good_row(register, L=7)])}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "未导入任何数据" in page and "不在 LEC 分值表中" in page
