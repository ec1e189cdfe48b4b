"""Enterprise import: every row or none, every error named by row, column and reason."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from anjian.core.errors import PermissionDenied, ValidationError
from anjian.core.models import AuditEvent, DepartmentAlias, Enterprise, User
from anjian.core.services import enterprise_import as service
from anjian.core.services.enterprises import EDITABLE_FIELDS
from anjian.core.tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    RoleAssignmentFactory,
    UserFactory,
    valid_credit_code,
)
from anjian.core.tests.import_helpers import upload_and_confirm
from anjian.core.uploads import validate_spreadsheet_upload

COLUMNS = service.ENTERPRISES.columns
HEADERS = [c.header for c in COLUMNS]
IMPORT_URL = reverse("core:enterprise_import")
TEMPLATE_URL = reverse("core:enterprise_import_template")
API_IMPORT_URL = "/api/enterprises/import/"


def good_row(world, **overrides) -> dict:
    """A complete, valid row for county A's 应急管理局 (what the coordinator may import)."""
    row = {
        "统一社会信用代码": valid_credit_code(),
        "单位名称": "甲县导入化工有限公司",
        "行业领域": "危险化学品",
        "国民经济行业代码": "C2614",
        "企业规模": "小型",
        "从业人数": 30,
        "属地": world.town_a1.name,
        "地址": "甲一镇工业路1号",
        "经度": 112.5512345678,
        "纬度": "37.87",
        "行业监管部门": world.dept_a.name,
        "监管责任人": "insp_a",
        "主要负责人": "王五",
        "主要负责人电话": "13800138001",
        "安全生产许可证号": "（晋）WH安许证字〔2024〕000123号",
        "许可证有效期至": dt.datetime(2027, 3, 31),  # an Excel date cell
        "标准化等级": "三级",
        "标准化有效期至": "2027-06-30",  # date typed as text
        "监管类别": "B类",
        "已投保安全生产责任保险": "是",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "生产经营单位"
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(rows: list[dict], name: str = "单位.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, **kwargs))


def post_import(client, user, file):
    """Upload, and confirm the preview when it has no error."""
    client.force_login(user)
    return upload_and_confirm(client, IMPORT_URL, file)


def errors_of(response) -> list[tuple]:
    return [(e.row, e.column, e.reason) for e in response.context["errors"]]


def table_rows(response) -> list[list[str]]:
    """The cells of ``table.import-errors`` as the user reads them."""
    html = response.content.decode()
    table = re.search(r'<table class="import-errors">(.*?)</table>', html, re.S)
    assert table, "no error table on the page"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    return [
        [c.strip() for c in re.findall(r"<td>(.*?)</td>", r, re.S)] for r in rows if "<td>" in r
    ]


def test_column_spec_covers_every_editable_enterprise_field():
    assert {c.field for c in COLUMNS} == set(EDITABLE_FIELDS)


def test_good_file_imports_every_row_and_audits_each(client, world):
    coordinator = world.user("coordinator")
    rows = [
        good_row(world),
        good_row(world, 单位名称="甲二导入商贸有限公司", 行业领域="商贸", 属地=world.town_a2.code),
        good_row(world, 单位名称="甲县导入三号", 已投保安全生产责任保险="否", 监管类别=None),
    ]
    before = Enterprise.objects.count()

    response = post_import(client, coordinator, upload(rows))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:enterprise_list")
    page = client.get(response["Location"])
    assert "已导入3家单位。" in page.content.decode()
    assert Enterprise.objects.count() == before + 3
    codes = [r["统一社会信用代码"] for r in rows]
    created = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    assert set(created) == set(codes)
    first = created[codes[0]]
    assert first.sector.name == "危险化学品"
    assert first.region == world.town_a1
    assert first.supervising_department == world.dept_a
    assert first.responsible_inspector.username == "insp_a"
    assert first.scale == "small"
    assert first.longitude == Decimal("112.551235")  # rounded to the field's 6 places
    assert first.licence_expiry == dt.date(2027, 3, 31)
    assert first.standardisation_level == "3"
    assert first.standardisation_expiry == dt.date(2027, 6, 30)
    assert first.supervision_class == "B"
    assert first.has_liability_insurance is True
    assert created[codes[1]].region == world.town_a2  # 属地 given as a region code
    assert created[codes[2]].has_liability_insurance is False
    assert created[codes[2]].supervision_class == ""
    events = AuditEvent.objects.filter(
        action="enterprise.create", object_id__in=[str(e.pk) for e in created.values()]
    )
    assert events.count() == 3
    assert {e.actor_id for e in events} == {coordinator.pk}


def test_one_bad_row_among_good_ones_imports_nothing_and_names_row_column_reason(client, world):
    rows = [good_row(world), good_row(world, 主要负责人电话="12345"), good_row(world)]
    before, events_before = Enterprise.objects.count(), AuditEvent.objects.count()

    response = post_import(client, world.user("coordinator"), upload(rows))

    assert response.status_code == 200
    assert "未导入任何数据" in response.content.decode()
    assert errors_of(response) == [
        (3, "主要负责人电话", "电话号码格式不正确：应为11位手机号或“区号-号码”格式的固定电话。")
    ]
    assert table_rows(response) == [
        ["3", "主要负责人电话", "电话号码格式不正确：应为11位手机号或“区号-号码”格式的固定电话。"]
    ]
    assert Enterprise.objects.count() == before
    assert AuditEvent.objects.count() == events_before


def test_every_error_of_every_row_is_reported_at_once(client, world):
    rows = [
        good_row(world, 企业规模="超大型", 从业人数="三十"),
        good_row(world),
        good_row(world, 单位名称=None, 许可证有效期至="2027/13/45", 已投保安全生产责任保险="有"),
    ]
    response = post_import(client, world.user("coordinator"), upload(rows))
    found = {(row, column) for row, column, _ in errors_of(response)}
    assert found == {
        (2, "企业规模"),
        (2, "从业人数"),
        (4, "单位名称"),
        (4, "许可证有效期至"),
        (4, "已投保安全生产责任保险"),
    }
    reasons = dict(((r, c), why) for r, c, why in errors_of(response))
    assert "可选：大型、中型、小型、微型" in reasons[(2, "企业规模")]
    assert reasons[(4, "单位名称")] == "必填，不能为空。"


def test_duplicate_credit_codes_within_the_file_name_both_rows(client, world):
    code = valid_credit_code()
    rows = [good_row(world, 统一社会信用代码=code), good_row(world), good_row(world)]
    rows[2]["统一社会信用代码"] = code.lower()  # the same code once normalised
    response = post_import(client, world.user("coordinator"), upload(rows))
    assert errors_of(response) == [
        (2, "统一社会信用代码", "与第4行的统一社会信用代码重复。"),
        (4, "统一社会信用代码", "与第2行的统一社会信用代码重复。"),
    ]
    assert not Enterprise.objects.filter(credit_code=code).exists()


def test_a_code_registered_outside_scope_is_an_error_that_reveals_nothing(client, world):
    rows = [
        good_row(world, 统一社会信用代码=world.enterprise_a.credit_code),  # in scope: an update
        good_row(world, 统一社会信用代码=world.enterprise_b.credit_code),
    ]
    response = post_import(client, world.user("coordinator"), upload(rows))
    assert errors_of(response) == [
        (3, "统一社会信用代码", "该统一社会信用代码已在平台登记（不在您的管辖范围内）。")
    ]
    assert world.enterprise_b.name not in response.content.decode()
    unchanged = Enterprise.objects.get(pk=world.enterprise_a.pk)
    assert (unchanged.name, unchanged.version) == (world.enterprise_a.name, 1)


def test_a_code_the_importer_sees_but_may_not_change_is_an_error_naming_it(client, world):
    town_coordinator = UserFactory(username="town_coord", region=world.town_a1)
    RoleAssignmentFactory(user=town_coordinator, role="coordinator", region=world.town_a1)
    RoleAssignmentFactory(user=town_coordinator, role="leader", region=world.county_a)
    row = good_row(world, 统一社会信用代码=world.enterprise_a2.credit_code)
    response = post_import(client, town_coordinator, upload([row]))
    name = world.enterprise_a2.name
    assert errors_of(response) == [
        (2, "统一社会信用代码", f"该统一社会信用代码已登记为“{name}”，您没有修改该单位的权限。")
    ]


def test_unknown_sector_and_town_or_department_outside_scope_are_errors(client, world):
    rows = [
        good_row(world, 行业领域="不存在的行业"),
        good_row(world, 属地=world.town_b1.name),
        good_row(world, 行业监管部门=world.dept_b.name),
        good_row(world, 监管责任人="insp_b"),
    ]
    response = post_import(client, world.user("coordinator"), upload(rows))
    assert errors_of(response) == [
        (2, "行业领域", "行业领域“不存在的行业”不存在，可选值见导入模板的“填写说明”。"),
        (3, "属地", "属地“乙一镇”不存在或不在您的管辖范围内。"),
        (4, "行业监管部门", "行业监管部门“乙县应急管理局”不存在或不在您的管辖范围内。"),
        (5, "监管责任人", "用户名“insp_b”不存在、已停用、不是部门工作人员或不在您的管辖范围内。"),
    ]


def test_the_one_network_rules_of_the_form_apply_to_each_row(client, world):
    other = User.objects.get(username="insp_a_other")  # staff of 甲县住建局
    rows = [good_row(world, 监管责任人="insp_a_other")]
    response = post_import(client, world.user("coordinator"), upload(rows))
    assert errors_of(response) == [
        (2, "监管责任人", f"监管责任人“{other}”不是“甲县应急管理局”的工作人员。")
    ]


def test_department_alias_and_headers_with_markers_are_accepted(client, world):
    DepartmentAlias.objects.create(department=world.dept_a, name="甲县应急局")
    headers = [f"{h}*" if c.required else h for h, c in zip(HEADERS, COLUMNS, strict=True)]
    headers[HEADERS.index("属地")] = "属地（乡镇）"
    row = good_row(world, 行业监管部门="甲县应急局")
    row["属地（乡镇）"] = row["属地"]
    data = [{f"{h}*" if h + "*" in headers else h: v for h, v in row.items()}]
    response = post_import(
        client, world.user("coordinator"), SimpleUploadedFile("a.xlsx", xlsx_bytes(data, headers))
    )
    assert response.status_code == 302
    created = Enterprise.objects.get(credit_code=row["统一社会信用代码"])
    assert created.supervising_department == world.dept_a


def test_unknown_duplicate_and_missing_headers_are_reported(client, world):
    headers = [h for h in HEADERS if h != "单位名称"] + ["单位名", "备注", "地址"]
    response = post_import(
        client, world.user("coordinator"), upload([good_row(world)], headers=headers)
    )
    assert errors_of(response) == [
        (1, "单位名", "无法识别的列名，请使用导入模板中的列名。"),
        (1, "备注", "无法识别的列名，请使用导入模板中的列名。"),
        (1, "地址", "与“地址”列重复。"),
        (1, "单位名称", "缺少必填列。"),
    ]


def test_a_code_registered_by_someone_else_while_writing_refuses_the_whole_file(
    client, world, monkeypatch
):
    from anjian.core.imports import writer

    rows = [good_row(world), good_row(world), good_row(world)]
    taken = rows[1]["统一社会信用代码"]
    real_recheck = writer._recheck

    def someone_registers_it_first(spec, updating):
        EnterpriseFactory(credit_code=taken, region=world.town_a1)
        real_recheck(spec, updating)

    monkeypatch.setattr(writer, "_recheck", someone_registers_it_first)
    before, events_before = Enterprise.objects.count(), AuditEvent.objects.count()

    response = post_import(client, world.user("coordinator"), upload(rows))

    assert errors_of(response) == [
        (3, "统一社会信用代码", "该统一社会信用代码刚被他人登记，请重新导入。")
    ]
    assert not Enterprise.objects.filter(credit_code=rows[0]["统一社会信用代码"]).exists()
    assert Enterprise.objects.count() == before
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("单位.csv", b"a,b\n1,2\n", "文件类型不支持：只接受.xlsx文件，当前文件“单位.csv”为.csv。"),
        ("单位.xls", b"\xd0\xcf\x11\xe0", "请在Excel中“另存为”.xlsx格式后再上传。"),
        ("伪装.xlsx", b"%PDF-1.7 not a workbook", "文件内容不是Excel工作簿"),
        (
            "坏的.xlsx",
            b"PK\x03\x04 truncated zip",
            "无法读取该文件：不是有效的Excel工作簿(.xlsx)。",
        ),
        ("空.xlsx", b"", "是空文件"),
    ],
)
def test_wrong_file_types_are_refused_with_a_clear_message(client, world, name, content, expected):
    response = post_import(client, world.user("coordinator"), SimpleUploadedFile(name, content))
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert "未导入任何数据" in body
    assert errors_of(response)[0][:2] == (None, "（文件）")


def test_missing_file_is_refused(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(IMPORT_URL, {})
    assert errors_of(response) == [(None, "（文件）", "请选择要上传的文件（.xlsx）。")]


def test_oversize_file_is_refused_naming_both_sizes(client, world, settings):
    settings.ANJIAN_MAX_SPREADSHEET_BYTES = 2048
    content = xlsx_bytes([good_row(world) for _ in range(20)])
    assert len(content) > 2048
    response = post_import(
        client, world.user("coordinator"), SimpleUploadedFile("大.xlsx", content)
    )
    (error,) = errors_of(response)
    assert re.fullmatch(r"文件过大：最大2 KB，当前[\d.]+ KB。", error[2]), error
    assert not Enterprise.objects.filter(name="甲县导入化工有限公司").exists()


class _BigUpload:
    """Only what the validator looks at: a name, a size and the first bytes."""

    name = "大.xlsx"
    size = int(8.2 * 1024 * 1024)

    def seek(self, *args):
        return 0

    def read(self, n=-1):
        return b"PK\x03\x04"[:n]


def test_size_message_reads_like_people_write_sizes(settings):
    settings.ANJIAN_MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        validate_spreadsheet_upload(_BigUpload())
    assert caught.value.messages == ["文件过大：最大5 MB，当前8.2 MB。"]


def test_more_rows_than_the_cap_are_refused(client, world, settings):
    settings.ANJIAN_MAX_IMPORT_ROWS = 2
    rows = [good_row(world) for _ in range(3)]
    response = post_import(client, world.user("coordinator"), upload(rows))
    assert errors_of(response) == [
        (None, "（文件）", "数据行超过单次导入上限2行，请拆分成多个文件分批导入。")
    ]
    assert not Enterprise.objects.filter(credit_code=rows[0]["统一社会信用代码"]).exists()


@pytest.mark.parametrize(
    "role", ["inspector", "leader", "enterprise_manager", "enterprise_employee"]
)
def test_roles_without_import_rights_get_403_on_page_template_and_api(client, world, role):
    user = world.user(role)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload([good_row(world)])}).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    row = good_row(world)
    response = api.post(API_IMPORT_URL, {"file": upload([row])}, format="multipart")
    assert response.status_code == 403
    assert not Enterprise.objects.filter(credit_code=row["统一社会信用代码"]).exists()
    with pytest.raises(PermissionDenied):
        service.enterprise_import(by=user, file=upload([row]))


def test_import_page_shows_the_upload_form(client, world):
    client.force_login(world.user("regulator"))
    body = client.get(IMPORT_URL).content.decode()
    assert '<input type="file" name="file"' in body and 'accept=".xlsx"' in body
    assert re.search(r"<button[^>]*>导入</button>", body)
    assert 'enctype="multipart/form-data"' in body


def test_api_import_creates_every_row_or_answers_every_error(world):
    api = APIClient()
    api.force_authenticate(world.user("coordinator"))
    rows = [good_row(world), good_row(world)]
    response = api.post(API_IMPORT_URL, {"file": upload(rows)}, format="multipart")
    assert response.status_code == 201, response.data
    assert response.data == {"created": 2, "updated": 0, "unchanged": 0}
    assert (
        Enterprise.objects.filter(credit_code__in=[r["统一社会信用代码"] for r in rows]).count()
        == 2
    )

    bad = [good_row(world), good_row(world, 属地=world.town_b1.name)]
    response = api.post(API_IMPORT_URL, {"file": upload(bad)}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"row": 3, "column": "属地", "reason": "属地“乙一镇”不存在或不在您的管辖范围内。"}
        ]
    }
    assert not Enterprise.objects.filter(credit_code=bad[0]["统一社会信用代码"]).exists()

    response = api.post(API_IMPORT_URL, {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] is None


def test_a_workbook_that_unpacks_too_large_is_refused(client, world, monkeypatch):
    from anjian.core import spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1000)
    response = post_import(client, world.user("coordinator"), upload([good_row(world)]))
    assert errors_of(response) == [
        (None, "（文件）", "文件解压后内容过大，无法读取，请删除无关的工作表或内容后重试。")
    ]


def test_a_department_name_used_in_two_counties_is_settled_by_the_town(client, world):
    province_coordinator = UserFactory(username="prov_coord", region=world.province)
    RoleAssignmentFactory(user=province_coordinator, role="coordinator", region=world.province)
    emergency_a = DepartmentFactory(region=world.county_a, name="应急管理局")
    DepartmentFactory(region=world.county_b, name="应急管理局")
    UserFactory(username="insp_dup_a", department=emergency_a, region=world.county_a)
    row = good_row(world, 行业监管部门="应急管理局", 监管责任人="insp_dup_a")

    response = post_import(client, province_coordinator, upload([row]))

    assert response.status_code == 302
    created = Enterprise.objects.get(credit_code=row["统一社会信用代码"])
    assert created.supervising_department == emergency_a
