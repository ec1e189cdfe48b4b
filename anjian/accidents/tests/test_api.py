"""What the accident API does beyond who may call it: grades, reports, refusals, conflicts.

Who may call which endpoint and workflow action, inside and outside scope, is tried for
every role by the route harness (routes.py, test_routes.py), with bodies for the steps.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from anjian.accidents.models import Accident
from anjian.core.tests.scenarios import roles_with
from conftest import ROLES


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run a try in a savepoint and undo it, so the next role meets the same scene."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "path", ["accident-grades", "accident-categories", "accident-escalation-rules"]
)
def test_reference_data_lists_every_row_to_a_signed_in_user(world, rules, path):
    response = client_for(world.user("enterprise_employee")).get(f"/api/{path}/")
    assert response.status_code == 200 and len(response.data) >= 3


# ---- workflow actions ---------------------------------------------------------------------


def test_the_self_inspection_action_records_findings_after_acknowledging(scene):
    client = client_for(scene.user("enterprise_manager"))
    url = f"/api/warning-acknowledgements/{scene.a['acknowledgement'].pk}"
    assert client.post(f"{url}/self-inspection/", {"findings": "自查完成"}).status_code == 400
    assert client.post(f"{url}/acknowledge/").status_code == 200
    response = client.post(
        f"{url}/self-inspection/", {"findings": "检查三处有限空间", "hazards_found": 1}
    )
    assert response.status_code == 200 and response.data["hazards_found"] == 1


def accident_payload(scene, *, inside: bool = True) -> dict:
    enterprise = scene.enterprise_a if inside else scene.enterprise_b
    return {
        "title": "新报告的事故",
        "occurred_at": (timezone.now() - timezone.timedelta(hours=2)).isoformat(),
        "place": "一号车间",
        "region": enterprise.region_id,
        "enterprise": enterprise.pk,
        "category": scene.a["accident"].category_id,
        "deaths": 3,
        "narrative": "作业人员进入储罐清理时中毒。",
    }


def test_create_accident_inside_is_201_for_roles_that_may_add_and_the_grade_is_computed(scene):
    for role in roles_with(ROLES, "accident.add"):
        with rolled_back():
            client = client_for(scene.user(role))
            response = client.post("/api/accidents/", accident_payload(scene), format="json")
            created = Accident.objects.filter(title="新报告的事故")
            assert response.status_code == 201, (role, response.data)
            assert response.data["grade"] == "larger", role
            assert response.data["reports"][0]["level"] == "unit", role
            assert created.get().reported_by == scene.user(role), role


def test_create_accident_for_an_outside_enterprise_is_refused(scene):
    for role in ROLES:
        response = client_for(scene.user(role)).post(
            "/api/accidents/", accident_payload(scene, inside=False), format="json"
        )
        assert response.status_code in (400, 403), role
        assert not Accident.objects.filter(title="新报告的事故").exists(), role


def test_a_grade_cannot_be_typed_into_a_report(scene):
    payload = {**accident_payload(scene), "deaths": 0, "grade": "major", "computed_grade": "major"}
    response = client_for(scene.user("coordinator")).post("/api/accidents/", payload, format="json")
    assert response.status_code == 201 and response.data["grade"] == "general"


def test_follow_up_for_an_outside_accident_is_refused_by_the_serializer(scene):
    client = client_for(scene.user("coordinator"))
    body = {"accident": scene.b["second"].pk, "led_by": "乙县人民政府", "team": "应急局"}
    response = client.post("/api/accident-investigations/", body, format="json")
    assert response.status_code == 400 and "accident" in response.data


def test_stale_version_on_figures_is_409(scene):
    client = client_for(scene.user("coordinator"))
    url = f"/api/accidents/{scene.a['accident'].pk}/update-figures/"
    assert client.post(url, {"minor_injuries": 1, "version": 1}).status_code == 200
    response = client.post(url, {"minor_injuries": 2, "version": 1})
    assert response.status_code == 409
    assert Accident.objects.get(pk=scene.a["accident"].pk).minor_injuries == 1


def test_timeliness_lists_flagged_accidents_in_scope_only(scene):
    response = client_for(scene.user("coordinator")).get("/api/accidents/timeliness/")
    assert response.status_code == 200
    ids = {row["accident"]["id"] for row in response.data}
    # The fixture's accidents never reported beyond the unit: county reports are missing.
    assert scene.a["accident"].pk in ids and scene.b["accident"].pk not in ids
    row = next(r for r in response.data if r["accident"]["id"] == scene.a["accident"].pk)
    assert row["missing"] and {lv["level"] for lv in row["levels"] if lv["missing"]} == {
        "county",
        "city",
    }


def test_openapi_schema_names_every_workflow_action():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in [
        "/api/accidents/{id}/update-figures/",
        "/api/accidents/{id}/override-grade/",
        "/api/accidents/{id}/report-upward/",
        "/api/accidents/timeliness/",
        "/api/accidents/statistics/",
        "/api/accidents/export/",
        "/api/accident-investigations/{id}/close/",
        "/api/accident-investigations/{id}/reply/",
        "/api/supervision-tasks/{id}/close/",
        "/api/warning-acknowledgements/{id}/acknowledge/",
        "/api/warning-acknowledgements/{id}/self-inspection/",
        "/api/enterprise-sanctions/{id}/lift/",
        "/api/accident-publications/{id}/withdraw/",
    ]:
        assert path in paths, path
    assert "schemas/Figures" in str(
        paths["/api/accidents/{id}/update-figures/"]["post"]["requestBody"]
    )
