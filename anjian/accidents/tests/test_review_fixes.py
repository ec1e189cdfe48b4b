"""Holes a security review found: placing accidents outside scope, leaks, bad dates, limits."""

import pytest
from rest_framework.test import APIClient

from anjian.accidents.models import Accident
from anjian.accidents.services.publications import PHONE, _digits_joined


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def report_body(world, **extra) -> dict:
    from anjian.core.models import AccidentCategory

    body = {
        "title": "测试事故",
        "occurred_at": "2026-11-20T10:00:00+08:00",
        "place": "车间",
        "enterprise": world.enterprise_a.pk,
        "category": AccidentCategory.objects.order_by("pk").first().pk,
        "narrative": "经过经过经过",
    }
    body.update(extra)
    return body


def test_enterprise_manager_cannot_file_its_accident_in_another_town(world, rules):
    response = api(world.user("enterprise_manager")).post(
        "/api/accidents/", report_body(world, region=world.town_a2.pk), format="json"
    )
    assert response.status_code in (400, 403)
    assert not Accident.objects.filter(title="测试事故").exists()


def test_enterprise_manager_accident_takes_its_enterprises_place(world, rules):
    response = api(world.user("enterprise_manager")).post(
        "/api/accidents/", report_body(world), format="json"
    )
    assert response.status_code == 201, response.data
    accident = Accident.objects.get(title="测试事故")
    assert accident.region == world.enterprise_a.region
    assert accident.department == world.enterprise_a.supervising_department


def test_an_out_of_scope_department_id_is_answered_like_a_missing_one(world, rules):
    response = api(world.user("coordinator")).post(
        "/api/accidents/", report_body(world, department=world.dept_b.pk), format="json"
    )
    assert response.status_code == 400
    assert world.dept_b.name not in str(response.data)


@pytest.mark.parametrize("query", ["start=0001-01-01", "end=9999-12-31"])
def test_statistics_refuse_dates_out_of_range_instead_of_failing(world, client, query):
    client.force_login(world.user("coordinator"))
    assert client.get(f"/accidents/statistics/?{query}").status_code in (200, 400)
    response = api(world.user("coordinator")).get(f"/api/accidents/statistics/?{query}")
    assert response.status_code == 400


def test_implausible_figures_are_refused(world, rules):
    response = api(world.user("coordinator")).post(
        "/api/accidents/", report_body(world, deaths=2**40), format="json"
    )
    assert response.status_code == 400
    assert "deaths" in response.data


@pytest.mark.parametrize(
    "text", ["电话 138 1234 5678", "电话 138-1234-5678", "电话１３８１２３４５６７８"]
)
def test_phone_numbers_written_with_spaces_dashes_or_full_width_are_caught(text):
    assert PHONE.search(_digits_joined(text))
