"""What the duties API does beyond who may call it: uploads, steps by state, assignment.

Who may call which endpoint and action, inside and outside scope, is tried for every role by
the route harness (routes.py, test_routes.py).
"""

import pytest
from rest_framework.test import APIClient

from anjian.core.tests.scenarios import roles_with
from anjian.duties.models import OccurrenceStatus
from anjian.duties.tests.conftest import notice_file
from anjian.duties.tests.scenes import build
from conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(duties, notice_b):
    inside, outside = build(duties, notice_b)
    return duties.world, inside, outside


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", roles_with(ROLES, "occurrence.view"))
def test_occurrence_reports_list_the_evidence_of_each_report(scene, role):
    world, inside, _outside = scene
    response = api(world.user(role)).get(f"/api/occurrences/{inside.occurrence.pk}/reports/")
    assert response.status_code == 200
    assert response.json()[0]["evidence"] == ["照片.png"]


@pytest.mark.parametrize("role", roles_with(ROLES, "notice.add"))
def test_upload_parses_the_notice_into_its_tasks(world, role):
    response = api(world.user(role)).post(
        "/api/notices/upload/",
        {"file": notice_file(), "region": world.county_a.pk},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["task_count"] == 5


def test_upload_of_a_bad_file_names_the_field_and_stores_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anjian.duties.models import Notice

    bad = SimpleUploadedFile("n.pdf", b"nope")
    response = api(world.user("coordinator")).post(
        "/api/notices/upload/", {"file": bad, "region": world.county_a.pk}, format="multipart"
    )
    assert response.status_code == 400 and "file" in response.json()
    outside = api(world.user("coordinator")).post(
        "/api/notices/upload/",
        {"file": notice_file(), "region": world.county_b.pk},
        format="multipart",
    )
    assert outside.status_code == 400 and "region" in outside.json()
    assert not Notice.objects.exists()


def test_submit_accept_return_by_role_and_state(scene):
    world, inside, outside = scene
    staff, coordinator = api(world.user("regulator")), api(world.user("coordinator"))
    open_one = inside.obligation.occurrences.filter(status=OccurrenceStatus.RETURNED).first()
    url = f"/api/occurrences/{open_one.pk}"
    assert api(world.user("inspector")).post(f"{url}/submit/", {"text": "x"}).status_code == 403
    assert staff.post(f"{url}/submit/", {"text": ""}, format="multipart").status_code == 400
    assert staff.post(f"{url}/submit/", {"text": "补充"}, format="multipart").status_code == 201
    assert staff.post(f"{url}/accept/").status_code == 403
    assert coordinator.post(f"{url}/return/", {"reason": ""}).status_code == 400
    response = coordinator.post(f"{url}/return/", {"reason": "再补充"})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert coordinator.post(f"{url}/accept/").status_code == 400  # not submitted
    outside_url = f"/api/occurrences/{outside.occurrence.pk}"
    assert coordinator.post(f"{outside_url}/accept/").status_code == 404
    assert staff.post(f"{outside_url}/submit/", {"text": "x"}).status_code == 404


def test_assign_and_map_unit_through_the_api(scene):
    world, inside, outside = scene
    coordinator = api(world.user("coordinator"))
    three = inside.notice.obligations.get(number=3)
    response = coordinator.post(
        f"/api/obligations/{three.pk}/assign/",
        {"departments": [world.dept_a_other.pk], "name": "县安委会有关成员单位"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["pending_units"] == []
    refused = coordinator.post(
        f"/api/obligations/{three.pk}/assign/", {"departments": [world.dept_b.pk]}, format="json"
    )
    assert refused.status_code == 400 and "departments" in refused.json()
    mapped = coordinator.post(
        f"/api/notices/{inside.notice.pk}/map-unit/",
        {"name": "治超办", "department": world.dept_a.pk},
        format="json",
    )
    assert mapped.status_code == 200 and mapped.json() == {"obligations": 1}
    leader = api(world.user("leader")).post(
        f"/api/notices/{inside.notice.pk}/map-unit/",
        {"name": "治超办", "department": world.dept_a.pk},
        format="json",
    )
    assert leader.status_code == 403
    outside_map = coordinator.post(
        f"/api/notices/{outside.notice.pk}/map-unit/",
        {"name": "治超办", "department": world.dept_a.pk},
        format="json",
    )
    assert outside_map.status_code == 404


def test_indicator_record_by_role(scene):
    world, inside, _outside = scene
    indicator = inside.notice.obligations.get(number=4).indicators.get()
    url = f"/api/indicators/{indicator.pk}/record/"
    assert api(world.user("leader")).post(url, {"value": "5"}).status_code == 403
    assert api(world.user("regulator")).post(url, {"value": "50"}).status_code == 200
    response = api(world.user("coordinator")).post(url, {"value": "70"})
    assert response.status_code == 200 and response.json()["current_value"] == "70.00"
