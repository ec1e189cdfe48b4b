"""Enterprise downloads: the list export (scoped, filtered, re-importable) and the template."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from anjian.core.models import Enterprise
from anjian.core.services.enterprise_import import ENTERPRISES
from anjian.core.tests.factories import valid_credit_code
from anjian.core.tests.import_helpers import upload_and_confirm

COLUMNS = ENTERPRISES.columns
HEADERS = [c.header for c in COLUMNS]
EXPORT_URL = reverse("core:enterprise_export")
IMPORT_URL = reverse("core:enterprise_import")
TEMPLATE_URL = reverse("core:enterprise_import_template")
API_EXPORT_URL = "/api/enterprises/export/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_export(response) -> list[dict]:
    """The exported rows as dicts keyed by header, after checking it is an .xlsx download."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    return [dict(zip(HEADERS, r, strict=True)) for r in rows[1:]]


def export_as(client, user, query: str = "") -> list[dict]:
    client.force_login(user)
    return read_export(client.get(f"{EXPORT_URL}{query}"))


def errors_of(response) -> list[tuple]:
    return [(e.row, e.column, e.reason) for e in response.context["errors"]]


def codes(rows: list[dict]) -> set[str]:
    return {r["统一社会信用代码"] for r in rows}


def test_county_a_coordinator_exports_county_a_only(client, world):
    rows = export_as(client, world.user("coordinator"))
    assert codes(rows) == {world.enterprise_a.credit_code, world.enterprise_a2.credit_code}
    assert world.enterprise_b.credit_code not in str(rows)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("regulator", {"enterprise_a"}),
        ("leader", {"enterprise_a", "enterprise_a2"}),
        ("enterprise_employee", {"enterprise_a"}),
    ],
)
def test_every_role_exports_exactly_what_it_may_see(client, world, role, expected):
    rows = export_as(client, world.user(role))
    assert codes(rows) == {getattr(world, name).credit_code for name in expected}


def test_export_writes_names_that_the_import_reads(client, world):
    (row,) = [
        r
        for r in export_as(client, world.user("coordinator"))
        if r["统一社会信用代码"] == world.enterprise_a.credit_code
    ]
    e = world.enterprise_a
    assert row["单位名称"] == e.name
    assert row["行业领域"] == "危险化学品"
    assert row["属地"] == world.town_a1.full_name
    assert row["行业监管部门"] == world.dept_a.name
    assert row["监管责任人"] == "insp_a"
    assert row["企业规模"] == "小型"
    assert row["标准化等级"] == "未定级"
    assert row["已投保安全生产责任保险"] == "否"
    assert row["主要负责人电话"] == e.principal_phone


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=甲一", {"enterprise_a"}),
        ("?high_risk=false", {"enterprise_a2"}),
        ("?region={town_a2}", {"enterprise_a2"}),
        ("?supervising_department={dept_a}", {"enterprise_a"}),
    ],
)
def test_export_honours_the_list_filters(client, world, query, expected):
    query = query.format(town_a2=world.town_a2.pk, dept_a=world.dept_a.pk, town_b1=world.town_b1.pk)
    rows = export_as(client, world.user("coordinator"), query)
    assert codes(rows) == {getattr(world, name).credit_code for name in expected}
    client.force_login(world.user("coordinator"))
    listed = client.get(f"{reverse('core:enterprise_list')}{query}").context["object_list"]
    assert codes(rows) == {e.credit_code for e in listed}  # the same rows as the list page


def test_export_with_an_out_of_scope_filter_is_refused_naming_the_filter(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(f"{EXPORT_URL}?region={world.town_b1.pk}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "未导出" in body and "属地" in body


def test_export_then_reimport_with_new_credit_codes_registers_copies(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(EXPORT_URL)
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.worksheets[0]
    new_codes = {}
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        new_codes[valid_credit_code()] = cell.value
        cell.value = list(new_codes)[-1]
    buf = io.BytesIO()
    wb.save(buf)

    response = upload_and_confirm(client, IMPORT_URL, SimpleUploadedFile("e.xlsx", buf.getvalue()))

    assert response.status_code == 302, response.context and response.context["errors"]
    fields = [c.field for c in COLUMNS if c.field != "credit_code"]
    for new, old in new_codes.items():
        copy = Enterprise.objects.get(credit_code=new)
        original = Enterprise.objects.get(credit_code=old)
        for name in fields:
            assert getattr(copy, name) == getattr(original, name), name


def test_list_page_offers_export_with_the_query_and_import_only_to_importers(client, world):
    client.force_login(world.user("coordinator"))
    body = client.get(reverse("core:enterprise_list") + "?q=甲&scale=small").content.decode()
    assert f'href="{EXPORT_URL}?q=%E7%94%B2&amp;scale=small"' in body
    assert "导出Excel" in body and "下载导入模板" in body and "批量导入" in body
    client.force_login(world.user("inspector"))
    body = client.get(reverse("core:enterprise_list")).content.decode()
    assert "导出Excel" in body
    assert "下载导入模板" not in body and "批量导入" not in body


def test_export_needs_a_login(client, world):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_api_export_is_scoped_and_filtered_like_the_list(world):
    api = APIClient()
    api.force_authenticate(world.user("coordinator"))
    rows = read_export(api.get(API_EXPORT_URL))
    assert codes(rows) == {world.enterprise_a.credit_code, world.enterprise_a2.credit_code}
    rows = read_export(api.get(API_EXPORT_URL, {"sector": world.enterprise_a2.sector_id}))
    assert codes(rows) == {world.enterprise_a2.credit_code}
    rows = read_export(api.get(API_EXPORT_URL, {"search": "甲一"}, HTTP_ACCEPT=XLSX))
    assert codes(rows) == {world.enterprise_a.credit_code}


def test_api_export_and_import_need_their_permissions(world):
    api = APIClient()
    assert api.get(API_EXPORT_URL).status_code in (401, 403)
    api.force_authenticate(world.user("enterprise_employee"))
    assert codes(read_export(api.get(API_EXPORT_URL))) == {world.enterprise_a.credit_code}
    response = api.post("/api/enterprises/import/", {}, format="multipart")
    assert response.status_code == 403


def test_openapi_schema_describes_import_and_export():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    imp = schema["paths"]["/api/enterprises/import/"]["post"]
    upload = imp["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload["properties"]["file"]["format"] == "binary"
    assert {"201", "400"} <= set(imp["responses"])
    export = schema["paths"]["/api/enterprises/export/"]["get"]
    assert XLSX in export["responses"]["200"]["content"]
    assert {"sector", "region", "q"} <= {p["name"] for p in export.get("parameters", [])}


def _download(client, url) -> Workbook:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_template_has_the_headers_an_example_and_the_values_the_user_may_use(client, world):
    client.force_login(world.user("coordinator"))
    wb = _download(client, TEMPLATE_URL)
    assert wb.sheetnames == ["生产经营单位", "填写说明"]
    data = wb["生产经营单位"]
    assert [c.value for c in data[1]] == HEADERS
    assert all(c.font.b for c in data[1])
    assert data.freeze_panes == "A2"
    example = {h: c.value for h, c in zip(HEADERS, data[2], strict=True)}
    assert example["统一社会信用代码"].startswith("（示例）")
    assert example["行业监管部门"] in {world.dept_a.name, world.dept_a_other.name}
    assert data.max_row == 2
    notes = wb["填写说明"]
    assert [c.value for c in notes[1]] == ["列名", "是否必填", "填写要求", "可选值"]
    listed = [[c.value for c in row] for row in notes.iter_rows(min_row=2)]
    assert [r[0] for r in listed if r[0] in HEADERS] == HEADERS
    required = {r[0]: r[1] for r in listed if r[0] in HEADERS}
    assert required["统一社会信用代码"] == "必填" and required["经度"] == "选填"
    values = {str(r[3]) for r in listed}
    assert f"{world.town_a1.name}（{world.town_a1.code}）" in values
    assert world.dept_a.name in values and world.dept_a_other.name in values
    assert "危险化学品" in values and "大型、中型、小型、微型" in values
    assert not any("乙" in v for v in values)  # nothing of county B


@pytest.mark.parametrize("role", ["coordinator", "regulator"])
def test_template_example_row_is_refused_and_the_filled_template_imports(client, world, role):
    client.force_login(world.user(role))
    wb = _download(client, TEMPLATE_URL)
    buf = io.BytesIO()
    wb.save(buf)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("t.xlsx", buf.getvalue())})
    assert errors_of(response) == [(2, "（整行）", "这是模板中的示例行，请删除后再导入。")]

    code = valid_credit_code()
    wb["生产经营单位"]["A2"] = code  # the example, made real: every example value must import
    buf = io.BytesIO()
    wb.save(buf)
    response = upload_and_confirm(client, IMPORT_URL, SimpleUploadedFile("t.xlsx", buf.getvalue()))
    assert response.status_code == 302, errors_of(response)
    created = Enterprise.objects.get(credit_code=code)
    assert created.name == "某某化工有限公司"
    assert created.region.path.startswith(world.county_a.path)
