"""What the hazard pages and API do beyond who may use them: timeline, forms, lifecycle.

Who may open which page or call which endpoint, inside and outside scope, is tried for every
role by the route harness (routes.py, test_routes.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from anjian.core.models import User
from anjian.hazards.models import HazardLevel, HazardSource, HazardStatus
from anjian.hazards.services import followup
from anjian.hazards.tests.conftest import advance, photo, report

pytestmark = pytest.mark.usefixtures("hazard_rules")


@pytest.fixture
def hazards(world):
    inside = report(world, photos=[photo()], level=HazardLevel.MAJOR)
    outside = report(world, by=None, enterprise=world.enterprise_b, source=HazardSource.DEPARTMENT)
    return inside, outside


def outsider() -> User:
    return User.objects.get(username="insp_b")


@pytest.fixture
def outsider_with_role(world):
    from anjian.core.roles import Role
    from anjian.core.tests.factories import RoleAssignmentFactory

    user = outsider()
    RoleAssignmentFactory(user=user, role=Role.REGULATOR, department=world.dept_b)
    return user


def test_detail_is_404_outside_and_shows_timeline_inside(
    client, world, hazards, outsider_with_role
):
    inside, outside = hazards
    client.force_login(world.user("enterprise_manager"))
    page = client.get(reverse("hazards:hazard_detail", args=[inside.pk]))
    assert page.status_code == 200
    assert "上报" in page.content.decode()
    assert "交办整改" not in page.content.decode()  # a major hazard is the department's to assign
    client.force_login(world.user("regulator"))
    assert (
        "交办整改"
        in client.get(reverse("hazards:hazard_detail", args=[inside.pk])).content.decode()
    )
    client.force_login(world.user("enterprise_manager"))
    assert client.get(reverse("hazards:hazard_detail", args=[outside.pk])).status_code == 404
    client.force_login(outsider_with_role)
    assert client.get(reverse("hazards:hazard_detail", args=[inside.pk])).status_code == 404


def test_report_page_and_assign_step_through_forms(client, world):
    client.force_login(world.user("enterprise_manager"))
    response = client.post(
        reverse("hazards:hazard_create"),
        {
            "enterprise": world.enterprise_a.pk,
            "source": "self_check",
            "place": "配电室",
            "description": "电缆老化",
            "level": "general",
            "photos": [photo()],
        },
    )
    assert response.status_code == 302
    hazard = world.enterprise_a.hazards.get(place="配电室")
    assert hazard.photos.count() == 1
    bad = client.post(
        reverse("hazards:hazard_assign", args=[hazard.pk]),
        {"version": hazard.version, "owner_name": "", "measures": "x", "deadline": "2000-01-01"},
    )
    assert bad.status_code == 200 and "整改期限" in bad.content.decode()
    ok = client.post(
        reverse("hazards:hazard_assign", args=[hazard.pk]),
        {
            "version": hazard.version,
            "owner_name": "王五",
            "measures": "更换电缆",
            "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert ok.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ASSIGNED


def test_stale_form_is_a_clear_conflict_not_a_lost_edit(client, world):
    hazard = report(world)
    client.force_login(world.user("enterprise_manager"))
    response = client.post(
        reverse("hazards:hazard_assign", args=[hazard.pk]),
        {
            "version": hazard.version + 5,
            "owner_name": "王五",
            "measures": "更换电缆",
            "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()


# ---- API ---------------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_lifecycle_and_conflict(world):
    hazard = report(world)
    client = api(world.user("enterprise_manager"))
    deadline = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    body = {"version": hazard.version, "owner_name": "王五", "measures": "换", "deadline": deadline}
    first = client.post(f"/api/hazards/{hazard.pk}/assign/", body, format="json")
    assert first.status_code == 200 and first.data["status"] == "assigned"
    assert [e["kind"] for e in first.data["events"]] == ["reported", "assigned"]
    again = client.post(f"/api/hazards/{hazard.pk}/assign/", body, format="json")
    assert again.status_code == 409
    missing = client.post(f"/api/hazards/{hazard.pk}/start/", {}, format="json")
    assert missing.status_code == 400 and "version" in missing.data


def test_api_report_creates_with_photos_and_refuses_outside_enterprise(world):
    client = api(world.user("inspector"))
    ok = client.post(
        "/api/hazards/",
        {
            "enterprise": world.enterprise_a.pk,
            "source": "department",
            "place": "罐区",
            "description": "无静电接地",
            "level": "general",
            "photos": [photo()],
        },
        format="multipart",
    )
    assert ok.status_code == 201, ok.data
    assert len(ok.data["photos"]) == 1
    outside = client.post(
        "/api/hazards/",
        {
            "enterprise": world.enterprise_b.pk,
            "source": "department",
            "place": "x",
            "description": "y",
            "level": "general",
        },
        format="json",
    )
    assert outside.status_code == 400 and "enterprise" in outside.data


def test_api_extension_decide_and_listing(world):
    hazard = advance(
        world, report(world, level=HazardLevel.MAJOR), "assigned", assigner=world.user("regulator")
    )
    manager = api(world.user("enterprise_manager"))
    new = (hazard.deadline + dt.timedelta(days=9)).isoformat()
    requested = manager.post(
        f"/api/hazards/{hazard.pk}/extension/",
        {"requested_deadline": new, "reason": "设备未到"},
        format="json",
    )
    assert requested.status_code == 201
    ext = requested.data["id"]
    refused = manager.post(
        f"/api/hazard-extensions/{ext}/decide/", {"approve": True}, format="json"
    )
    assert refused.status_code == 403
    decided = api(world.user("regulator")).post(
        f"/api/hazard-extensions/{ext}/decide/", {"approve": True}, format="json"
    )
    assert decided.status_code == 200 and decided.data["status"] == "approved"
    listed = api(world.user("coordinator")).post(
        f"/api/hazards/{hazard.pk}/list/",
        {
            "authority": world.county_a.pk,
            "responsible_leader": "李副县长",
            "supervising_unit": world.dept_a.pk,
            "deadline": new,
        },
        format="json",
    )
    assert listed.status_code == 201, listed.data
    rows = api(world.user("leader")).get("/api/hazard-listings/").data["results"]
    assert [r["hazard"] for r in rows] == [hazard.pk]


def test_overdue_flag_shows_in_list_api(world):
    hazard = advance(world, report(world), "rectifying")
    type(hazard).objects.filter(pk=hazard.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=3)
    )
    followup.overdue_mark()
    rows = api(world.user("coordinator")).get("/api/hazards/?overdue=true").data["results"]
    assert [r["id"] for r in rows] == [hazard.pk] and rows[0]["is_overdue"]
    notes = api(world.user("regulator")).get("/api/hazard-notifications/").data["results"]
    assert any(n["kind"] == "escalated" for n in notes)


@pytest.mark.parametrize("role", ["regulator", "enterprise_manager", "coordinator"])
def test_hazard_detail_page_runs_a_fixed_number_of_queries_whatever_its_buttons(
    client, world, role, django_assert_num_queries
):
    """Buttons come from the transition table and the loaded assignments: no query each.

    Session, user, assignments (and a department's sectors), the hazard with its prefetched
    extensions and listings (3), events, photos and the double-report parameters and
    calendar (2) are what the page reads, whoever looks and whatever the state.
    """
    hazard = report(world, level=HazardLevel.MAJOR, source=HazardSource.DEPARTMENT, by=None)
    client.force_login(world.user(role))
    url = reverse("hazards:hazard_detail", args=[hazard.pk])
    client.get(url)  # warm the per-process caches (reference data, templates)
    expected = DETAIL_PAGE_QUERIES + (role == "regulator")
    with django_assert_num_queries(expected) as captured:
        page = client.get(url)
    assert page.status_code == 200
    advance(world, hazard, "assigned", assigner=world.user("regulator"))
    with django_assert_num_queries(len(captured)):
        assert client.get(url).status_code == 200


DETAIL_PAGE_QUERIES = 10
