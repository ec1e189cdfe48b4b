"""The 任务分工表 exports open and hold the table; list endpoints and pages pin their queries."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from anjian.duties.services.notices import notice_upload
from anjian.duties.tests.conftest import NOTICE_TEXT, notice_file

pytestmark = pytest.mark.django_db
HEADERS = ["序号", "任务内容", "责任单位", "完成时限", "进展"]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_xlsx_export_opens_and_holds_the_task_table(duties):
    client = login(duties.world.user("coordinator"))
    response = client.get(reverse("duties:notice_export_xlsx", args=[duties.notice.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 6
    assert rows[4][2] == "住建局（配合：应急管理局）"
    assert rows[1][3] == "每半年至少1次" and rows[1][4] == "已完成 0/2"


def test_docx_export_opens_with_the_title_and_the_table(duties):
    client = login(duties.world.user("coordinator"))
    response = client.get(reverse("duties:notice_export_docx", args=[duties.notice.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert "甲县人民政府关于做好2025年安全生产工作的通知" in document.paragraphs[0].text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert len(table.rows) == 6
    assert table.rows[3].cells[2].text == "各乡(镇)人民政府、县安委会有关成员单位"


def test_a_department_exports_only_its_own_tasks(duties):
    client = login(duties.world.user("regulator"))  # 甲县应急管理局: tasks 1, 2, 4
    response = client.get(reverse("duties:notice_export_docx", args=[duties.notice.pk]))
    numbers = [r.cells[0].text for r in Document(io.BytesIO(response.content)).tables[0].rows]
    assert numbers == ["序号", "1", "2", "4"]


def more_notices(world, n):
    for i in range(n):
        text = NOTICE_TEXT.replace("2025年", f"{2030 + i}年")
        notice_upload(by=None, region=world.county_a, file=notice_file(text, name=f"{i}.txt"))


def cost(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["notices", "obligations", "occurrences", "notifications"])
@pytest.mark.parametrize("role", ["coordinator", "regulator"])
def test_list_endpoint_query_count_does_not_grow_with_rows(duties, path, role):
    client = APIClient()
    client.force_authenticate(duties.world.user(role))

    def get():
        assert client.get(f"/api/{path}/").status_code == 200

    get()
    few = cost(get)
    more_notices(duties.world, 3)
    assert cost(get) == few <= 12


@pytest.mark.parametrize(
    "url_name", ["duties:notice_list", "duties:my_tasks", "duties:dashboard", "duties:review_queue"]
)
def test_list_page_query_count_does_not_grow_with_rows(duties, url_name):
    client = login(duties.world.user("coordinator"))

    def get():
        assert client.get(reverse(url_name)).status_code == 200

    get()
    few = cost(get)
    more_notices(duties.world, 2)
    assert cost(get) == few


def test_task_table_query_count_does_not_grow_with_rows(duties):
    client = login(duties.world.user("coordinator"))
    url = reverse("duties:notice_detail", args=[duties.notice.pk])
    few = cost(lambda: client.get(url))
    longer = NOTICE_TEXT.replace(
        "甲县人民政府\n2025年2月26日",
        "".join(f"{n}.开展第{n}项工作。(责任单位：应急局)\n" for n in range(6, 30))
        + "甲县人民政府\n2025年2月26日",
    )
    big = notice_upload(by=None, region=duties.world.county_a, file=notice_file(longer, "b.txt"))
    assert big.obligations.count() == 29
    url = reverse("duties:notice_detail", args=[big.pk])
    assert cost(lambda: client.get(url)) == few


def test_obligation_page_query_count_does_not_grow_with_departments(duties):
    client = login(duties.world.user("coordinator"))
    url = reverse("duties:obligation_detail", args=[duties.obligation(3).pk])
    few = cost(lambda: client.get(url))
    from anjian.core.tests.factories import DepartmentFactory
    from anjian.duties.services.notices import obligation_assign

    extra = [DepartmentFactory(region=duties.world.county_a) for _ in range(5)]
    obligation_assign(by=None, obligation=duties.obligation(3), departments=extra)
    assert cost(lambda: client.get(url)) == few
