"""Every 群众举报 page and endpoint, for every role, inside (county A) and outside (county B)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from anjian.core.tests.scenarios import can
from anjian.hazards.tests.test_public_reports_support import api_client, build_scene, hazard_rows
from conftest import ROLES


@pytest.fixture
def scene(world):
    return build_scene(world)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run one role's try in a savepoint and undo it, so the next role meets the same scene."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# (url name, the right it needs) — each takes the report's pk
STEP_PAGES = [
    ("hazard_reports:report_accept", "publicreport.change"),
    ("hazard_reports:report_verify", "publicreport.change"),
    ("hazard_reports:report_dismiss", "publicreport.change"),
    ("hazard_reports:report_reward", "publicreport.reward"),
]


def expected(role: str, permission: str, inside: bool) -> int:
    """A step needs its right somewhere (else 403), then the report in scope (else 404)."""
    if not can(role, permission):
        return 403
    return 200 if inside else 404


def expected_contact(role: str, inside: bool) -> int:
    """The contact page opens for viewers: outside is 404, inside without the right 403."""
    if not can(role, "publicreport.view"):
        return 403
    if not inside:
        return 404
    return 200 if can(role, "publicreport.contact") else 403


# ---- pages --------------------------------------------------------------------------------------


def test_list_page_shows_inside_reports_only_and_refuses_other_roles(scene):
    for role in ROLES:
        response = page_client(scene.user(role)).get(reverse("hazard_reports:report_list"))
        if not can(role, "publicreport.view"):
            assert response.status_code == 403, role
            continue
        assert response.status_code == 200, role
        ids = {r.pk for r in response.context["object_list"]}
        assert ids == {scene.a.pk}, role
        assert "乙一镇" not in response.content.decode(), role


def test_list_page_filters_and_answers_htmx_with_the_table(scene):
    client = page_client(scene.user("coordinator"))
    url = reverse("hazard_reports:report_list")
    assert client.get(url, {"status": "dismissed"}).context["object_list"].count() == 0
    partial = client.get(url, {"q": "消防通道"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<h1>" not in partial.content.decode()
    assert f"#{scene.a.pk}" in partial.content.decode()


@pytest.mark.parametrize("name", ["hazard_reports:report_detail", "hazard_reports:report_photo"])
def test_detail_and_photo_are_200_inside_404_outside_403_without_the_right(scene, name):
    photo_a = scene.a.photos.first()
    for role in ROLES:
        client = page_client(scene.user(role))
        if name.endswith("photo"):
            inside = client.get(reverse(name, args=[scene.a.pk, photo_a.pk]))
            outside = client.get(reverse(name, args=[scene.b.pk, photo_a.pk]))
        else:
            inside = client.get(reverse(name, args=[scene.a.pk]))
            outside = client.get(reverse(name, args=[scene.b.pk]))
        codes = (inside.status_code, outside.status_code)
        if not can(role, "publicreport.view"):
            assert codes == (403, 403), role
        else:
            assert codes == (200, 404), role


@pytest.mark.parametrize(("name", "permission"), STEP_PAGES)
def test_step_pages_per_role_inside_and_outside(scene, name, permission):
    from anjian.hazards.reports import services as reports

    reports.report_accept(by=scene.user("coordinator"), report=scene.a)
    reports.report_accept(by=None, report=scene.b)
    for role in ROLES:
        client = page_client(scene.user(role))
        inside = client.get(reverse(name, args=[scene.a.pk])).status_code
        outside = client.get(reverse(name, args=[scene.b.pk])).status_code
        assert inside == expected(role, permission, True), (role, "inside")
        assert outside == expected(role, permission, False), (role, "outside")
        # POST is refused the same way before the service runs
        if expected(role, permission, True) != 200:
            assert client.post(reverse(name, args=[scene.a.pk]), {}).status_code == inside, role


def test_contact_page_per_role_inside_and_outside(scene):
    for role in ROLES:
        client = page_client(scene.user(role))
        url = "hazard_reports:report_contact"
        with rolled_back():
            inside = client.post(reverse(url, args=[scene.a.pk])).status_code
        outside = client.post(reverse(url, args=[scene.b.pk])).status_code
        assert inside == expected_contact(role, True), role
        assert outside == expected_contact(role, False), role


def test_staff_pages_send_anonymous_visitors_to_the_login_page(scene):
    client = Client()
    for url in (
        reverse("hazard_reports:report_list"),
        reverse("hazard_reports:report_detail", args=[scene.a.pk]),
        reverse("hazard_reports:report_accept", args=[scene.a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


# ---- API ----------------------------------------------------------------------------------------

API = "/api/hazard-public-reports"


def test_api_list_and_retrieve_are_200_inside_404_outside_403_without_the_right(scene):
    for role in ROLES:
        client = api_client(scene.user(role))
        listed = client.get(f"{API}/")
        inside = client.get(f"{API}/{scene.a.pk}/")
        outside = client.get(f"{API}/{scene.b.pk}/")
        if not can(role, "publicreport.view"):
            assert (listed.status_code, inside.status_code, outside.status_code) == (403,) * 3
            continue
        assert listed.status_code == 200, role
        assert {row["id"] for row in listed.data["results"]} == {scene.a.pk}, role
        assert inside.status_code == 200 and inside.data["id"] == scene.a.pk, role
        assert outside.status_code == 404 and "id" not in outside.data, role


def test_api_list_needs_a_fixed_number_of_queries(scene, django_assert_max_num_queries):
    from anjian.hazards.tests.test_public_reports_support import submit

    for _ in range(5):
        submit(scene.world.town_a2, photos=[])
    client = api_client(scene.user("coordinator"))
    client.get(f"{API}/")  # warm the user's assignments
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/")
    assert response.data["count"] == 6


def action_calls(scene, report) -> dict:
    enterprise = scene.world.enterprise_a if report == scene.a else scene.world.enterprise_b
    return {
        "accept": ({}, "publicreport.change"),
        "verify": (
            {"finding": "属实", "hazards": hazard_rows(enterprise)},
            "publicreport.change",
        ),
        "dismiss": ({"reason": "查无此事"}, "publicreport.change"),
        "reward": ({"status": "proposed", "amount": "800"}, "publicreport.reward"),
        "contact": ({}, "publicreport.contact"),
    }


@pytest.mark.parametrize("step", ["accept", "verify", "dismiss", "reward", "contact"])
def test_api_actions_per_role_inside_and_outside(scene, step):
    from anjian.hazards.reports import services as reports

    if step == "verify":
        for report in (scene.a, scene.b):
            reports.report_accept(by=None, report=report)
    if step == "reward":
        for report, enterprise in ((scene.a, "enterprise_a"), (scene.b, "enterprise_b")):
            reports.report_accept(by=None, report=report)
            reports.report_verify(
                by=None,
                report=report,
                finding="属实",
                hazards=[
                    reports.HazardFinding(getattr(scene.world, enterprise), "仓库", "通道堵塞")
                ],
            )
    for role in ROLES:
        client = api_client(scene.user(role))
        for report, inside in ((scene.a, True), (scene.b, False)):
            body, permission = action_calls(scene, report)[step]
            with rolled_back():
                response = client.post(f"{API}/{report.pk}/{step}/", body, format="json")
            want = expected(role, permission, inside)
            assert response.status_code == want, (role, step, inside, response.data)


def test_api_refuses_anonymous_callers_on_the_handlers_side(scene):
    client = api_client()
    assert client.get(f"{API}/").status_code == 401
    assert client.post(f"{API}/{scene.a.pk}/contact/").status_code == 401
