"""What the duties pages do beyond who may open them: progress, mapping, uploads.

Who may open which page and post which step, inside and outside scope, is tried for every
role by the route harness (routes.py, test_routes.py).
"""

import pytest
from django.test import Client
from django.urls import reverse

from anjian.duties.tests.scenes import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(duties, notice_b):
    inside, outside = build(duties, notice_b)
    return duties.world, inside, outside


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


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
