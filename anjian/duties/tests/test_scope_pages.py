"""Every duties page, for every role, inside and outside its scope."""

import pytest
from django.test import Client
from django.urls import reverse

from anjian.core.tests.scenarios import can
from anjian.duties.tests.scenes import OUTSIDE_NAMES, build
from conftest import ROLES

pytestmark = pytest.mark.django_db

# (url name, permission, a name every role that may open the list sees in it)
LIST_PAGES = [
    ("duties:notice_list", "notice.view", "甲县人民政府关于"),
    ("duties:my_tasks", "occurrence.view", "甲县应急管理局"),
    ("duties:review_queue", "occurrence.review", "甲县应急管理局"),
    ("duties:dashboard", "obligation.dashboard", "甲县应急管理局"),
    ("duties:notification_list", "notification.view", "请补充纪要"),
    ("duties:notice_upload", "notice.add", "上传并解析"),
]
# (url name, permission, attribute of a side)
DETAIL_PAGES = [
    ("duties:notice_detail", "notice.view", "notice"),
    ("duties:notice_export_xlsx", "notice.view", "notice"),
    ("duties:notice_export_docx", "notice.view", "notice"),
    ("duties:obligation_detail", "obligation.view", "obligation"),
    ("duties:occurrence_detail", "occurrence.view", "occurrence"),
    ("duties:evidence_download", "progressreport.view", "evidence"),
]


@pytest.fixture
def scene(duties, notice_b):
    inside, outside = build(duties, notice_b)
    return duties.world, inside, outside


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    if response.get("Content-Type", "").startswith("text/html"):
        return response.content.decode()
    return ""


def assert_no_outside_names(body: str) -> None:
    leaked = [name for name in OUTSIDE_NAMES if name in body]
    assert not leaked, f"page shows objects of county B: {leaked}"


@pytest.mark.parametrize("page", LIST_PAGES, ids=lambda p: p[0])
@pytest.mark.parametrize("role", ROLES)
def test_list_page_is_200_or_403_by_the_matrix_and_shows_only_inside_names(scene, role, page):
    world, _inside, _outside = scene
    url_name, permission, inside_name = page
    response = client_for(world.user(role)).get(reverse(url_name))
    if not can(role, permission):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert inside_name in text(response)
    assert_no_outside_names(text(response))


@pytest.mark.parametrize("where", ["inside", "outside"])
@pytest.mark.parametrize("page", DETAIL_PAGES, ids=lambda p: p[0])
@pytest.mark.parametrize("role", ROLES)
def test_detail_page_is_200_inside_404_outside_403_without_the_right(scene, role, page, where):
    world, inside, outside = scene
    url_name, permission, attr = page
    obj = getattr(inside if where == "inside" else outside, attr)
    response = client_for(world.user(role)).get(reverse(url_name, args=[obj.pk]))
    expected = (200 if where == "inside" else 404) if can(role, permission) else 403
    assert response.status_code == expected
    assert_no_outside_names(text(response))


def test_staff_of_another_department_do_not_see_the_period(scene, duties):
    _world, inside, _outside = scene
    response = client_for(duties.other_staff).get(
        reverse("duties:occurrence_detail", args=[inside.occurrence.pk])
    )
    assert response.status_code == 404


def test_department_user_submits_progress_from_the_page_with_a_photo(scene):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anjian.duties.models import OccurrenceStatus
    from anjian.duties.tests.scenes import PNG

    world, inside, _outside = scene
    occurrence = (
        inside.obligation.occurrences.exclude(
            pk__in=[inside.occurrence.pk, inside.returned.pk]
        ).first()
        or inside.returned
    )
    url = reverse("duties:occurrence_detail", args=[occurrence.pk])
    client = client_for(world.user("regulator"))
    assert "提交进展" in client.get(url).content.decode()
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    response = client.post(url, {"action": "submit", "text": "已完成", "files": [photo]})
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.SUBMITTED


def test_a_refused_submission_keeps_the_text_and_shows_the_error(scene):
    from django.core.files.uploadedfile import SimpleUploadedFile

    world, inside, _outside = scene
    url = reverse("duties:occurrence_detail", args=[inside.returned.pk])
    fake = SimpleUploadedFile("a.png", b"MZ", content_type="image/png")
    response = client_for(world.user("regulator")).post(
        url, {"action": "submit", "text": "我的进展文字", "files": [fake]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "我的进展文字" in body and "内容不是PNG图片" in body


@pytest.mark.parametrize("role", ["regulator", "leader", "inspector"])
def test_review_steps_on_the_page_are_403_for_other_roles(scene, role):
    world, inside, _outside = scene
    url = reverse("duties:occurrence_detail", args=[inside.occurrence.pk])
    assert client_for(world.user(role)).post(url, {"action": "accept"}).status_code == 403


def test_coordinator_accepts_inside_and_gets_404_outside(scene):
    world, inside, outside = scene
    client = client_for(world.user("coordinator"))
    url = reverse("duties:occurrence_detail", args=[inside.occurrence.pk])
    assert client.post(url, {"action": "accept"}).status_code == 302
    url = reverse("duties:occurrence_detail", args=[outside.occurrence.pk])
    assert client.post(url, {"action": "accept"}).status_code == 404


def test_coordinator_maps_an_unresolved_name_on_the_notice_page(scene):
    from anjian.core.models import DepartmentAlias

    world, inside, _outside = scene
    url = reverse("duties:notice_detail", args=[inside.notice.pk])
    client = client_for(world.user("coordinator"))
    body = client.get(url).content.decode()
    assert "治超办" in body and 'value="map"' in body
    response = client.post(url, {"action": "map", "name": "治超办", "department": world.dept_a.pk})
    assert response.status_code == 302
    assert DepartmentAlias.objects.filter(name="治超办", department=world.dept_a).exists()
    refused = client.post(url, {"action": "map", "name": "治超办", "department": world.dept_b.pk})
    assert refused.status_code == 400  # a county-B department is not a choice


def test_the_upload_page_imports_a_notice_and_shows_its_table(world):
    from anjian.duties.tests.conftest import notice_file

    client = client_for(world.user("coordinator"))
    response = client.post(
        reverse("duties:notice_upload"), {"file": notice_file(), "region": world.county_a.pk}
    )
    assert response.status_code == 302
    table = client.get(response["Location"]).content.decode()
    assert "任务分工表" in table and "各乡(镇)人民政府" in table


def test_the_upload_page_shows_why_a_file_was_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.user("coordinator"))
    bad = SimpleUploadedFile("n.doc", b"\xd0\xcf\x11\xe0")
    response = client.post(
        reverse("duties:notice_upload"), {"file": bad, "region": world.county_a.pk}
    )
    assert response.status_code == 200
    assert "文件类型不支持" in response.content.decode()
