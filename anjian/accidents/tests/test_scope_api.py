"""Every accident endpoint and workflow action, for every role, inside and outside its scope."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from anjian.accidents.models import Accident
from anjian.core.models import AuditEvent
from anjian.core.tests.scenarios import can
from conftest import ROLES


@dataclass(frozen=True)
class Endpoint:
    path: str
    model: str
    key: str  # the scene's key of the object of each county

    def __str__(self) -> str:
        return self.path


ENDPOINTS = [
    Endpoint("accidents", "accident", "accident"),
    Endpoint("accident-investigations", "investigation", "investigation"),
    Endpoint("supervision-tasks", "supervisiontask", "task"),
    Endpoint("industry-warnings", "industrywarning", "warning"),
    Endpoint("warning-acknowledgements", "warningacknowledgement", "acknowledgement"),
    Endpoint("enterprise-sanctions", "enterprisesanction", "sanction"),
    Endpoint("accident-publications", "publication", "publication"),
]


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


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_list_and_retrieve_are_200_inside_404_outside_403_without_the_right(scene, endpoint):
    """Reads change nothing, so one scene serves every role."""
    for role in ROLES:
        client = client_for(scene.user(role))
        listed = client.get(f"/api/{endpoint.path}/", {"page_size": 200})
        inside = client.get(f"/api/{endpoint.path}/{scene.a[endpoint.key].pk}/")
        outside = client.get(f"/api/{endpoint.path}/{scene.b[endpoint.key].pk}/")
        if not can(role, f"{endpoint.model}.view"):
            assert (listed.status_code, inside.status_code, outside.status_code) == (403,) * 3, role
            continue
        assert listed.status_code == 200, role
        ids = {row["id"] for row in listed.data["results"]}
        assert scene.a[endpoint.key].pk in ids, role
        assert scene.b[endpoint.key].pk not in ids, role
        if endpoint.model == "accident":
            assert scene.b["second"].pk not in ids, role
        assert inside.status_code == 200 and inside.data["id"] == scene.a[endpoint.key].pk, role
        assert outside.status_code == 404 and "id" not in outside.data, role


def test_anonymous_is_refused_every_endpoint(scene):
    client = APIClient()
    for endpoint in ENDPOINTS:
        assert client.get(f"/api/{endpoint.path}/").status_code in (401, 403), endpoint
        obj = scene.a[endpoint.key]
        assert client.get(f"/api/{endpoint.path}/{obj.pk}/").status_code in (401, 403), endpoint


@pytest.mark.parametrize(
    "path", ["accident-grades", "accident-categories", "accident-escalation-rules"]
)
def test_reference_data_is_readable_by_every_signed_in_role(world, rules, path):
    for role in ROLES:
        response = client_for(world.user(role)).get(f"/api/{path}/")
        assert response.status_code == 200 and len(response.data) >= 3, role
    assert APIClient().get(f"/api/{path}/").status_code in (401, 403)


# ---- workflow actions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    url: Callable  # (scene objects of one county) -> url
    permission: str
    body: dict
    ok: int = 200

    def __str__(self) -> str:
        return self.name


STEPS = [
    Step(
        "edit",
        "patch",
        lambda o: f"/api/accidents/{o['accident'].pk}/",
        "accident.change",
        {"place": "二号车间"},
    ),
    Step(
        "update-figures",
        "post",
        lambda o: f"/api/accidents/{o['accident'].pk}/update-figures/",
        "accident.change",
        {"minor_injuries": 5, "reason": "伤情变化"},
    ),
    Step(
        "override-grade",
        "post",
        lambda o: f"/api/accidents/{o['accident'].pk}/override-grade/",
        "accident.override",
        {"grade": "major", "reason": "经上级认定为重大事故"},
    ),
    Step(
        "report-upward",
        "post",
        lambda o: f"/api/accidents/{o['accident'].pk}/report-upward/",
        "accident.change",
        {"reporting_unit": "县应急管理局"},
        201,
    ),
    Step(
        "checklist",
        "post",
        lambda o: f"/api/accident-investigations/{o['investigation'].pk}/checklist/",
        "investigation.change",
        {"cause_found": True},
    ),
    Step(
        "finding",
        "post",
        lambda o: f"/api/accident-investigations/{o['investigation'].pk}/findings/",
        "investigation.change",
        {
            "subject_kind": "unit",
            "subject": "事故单位",
            "responsibility": "主要责任",
            "handling": "罚款",
        },
        201,
    ),
    Step(
        "measure",
        "post",
        lambda o: f"/api/accident-investigations/{o['investigation'].pk}/measures/",
        "investigation.change",
        {"description": "更换管道", "responsible": "事故单位", "kind": "measure"},
        201,
    ),
    Step(
        "submit-report",
        "post",
        lambda o: f"/api/accident-investigations/{o['investigation'].pk}/submit-report/",
        "investigation.change",
        {"causes": "违章作业，管理缺失。"},
    ),
    Step(
        "close-task",
        "post",
        lambda o: f"/api/supervision-tasks/{o['task'].pk}/close/",
        "supervisiontask.change",
        {"conclusion": "已开展专项巡查。"},
    ),
    Step(
        "acknowledge",
        "post",
        lambda o: f"/api/warning-acknowledgements/{o['acknowledgement'].pk}/acknowledge/",
        "warningacknowledgement.change",
        {},
    ),
    Step(
        "check-item",
        "post",
        lambda o: f"/api/enterprise-sanctions/{o['sanction'].pk}/check-item/",
        "enterprisesanction.change",
        {"item": "causes_rectified", "done": True},
    ),
    Step(
        "withdraw",
        "post",
        lambda o: f"/api/accident-publications/{o['publication'].pk}/withdraw/",
        "publication.change",
        {"reason": "案件复核"},
    ),
]


@pytest.mark.parametrize("step", STEPS, ids=str)
def test_workflow_action_by_the_matrix_inside_and_404_outside(scene, step):
    """Each role tries the step inside and outside; every try is rolled back afterwards."""
    for role in ROLES:
        for where in ("outside", "inside"):
            objects = scene.a if where == "inside" else scene.b
            with rolled_back():
                before = AuditEvent.objects.count()
                client = client_for(scene.user(role))
                response = getattr(client, step.method)(step.url(objects), step.body, format="json")
                if not can(role, step.permission):
                    expected = 403
                else:
                    expected = step.ok if where == "inside" else 404
                assert response.status_code == expected, (role, where, response.data)
                if expected >= 400:
                    assert AuditEvent.objects.count() == before, (role, where)
                else:
                    assert AuditEvent.objects.count() > before, (role, where)


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
    for role in ROLES:
        with rolled_back():
            client = client_for(scene.user(role))
            response = client.post("/api/accidents/", accident_payload(scene), format="json")
            created = Accident.objects.filter(title="新报告的事故")
            if can(role, "accident.add"):
                assert response.status_code == 201, (role, response.data)
                assert response.data["grade"] == "larger", role
                assert response.data["reports"][0]["level"] == "unit", role
                assert created.get().reported_by == scene.user(role), role
            else:
                assert response.status_code == 403, role
                assert not created.exists(), role


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


CREATES = [
    (
        "accident-investigations",
        "investigation.add",
        lambda s: {"accident": s.a["second"].pk, "led_by": "甲县人民政府", "team": "应急局"},
    ),
    (
        "industry-warnings",
        "industrywarning.add",
        lambda s: {
            "accident": s.a["accident"].pk,
            "region": s.county_a.pk,
            "title": "警示",
            "content": "各单位立即开展自查自改。",
        },
    ),
    (
        "enterprise-sanctions",
        "enterprisesanction.add",
        lambda s: {
            "enterprise": s.enterprise_a.pk,
            "kind": "licence_suspended",
            "reason": "暂扣许可证待复核",
        },
    ),
    (
        "accident-publications",
        "publication.add",
        lambda s: {
            "accident": s.a["second"].pk,
            "title": "道路运输事故",
            "summary": "一起道路运输较大事故。",
            "lessons": "严格落实动态监控和驾驶人管理。",
        },
    ),
]


@pytest.mark.parametrize("create", CREATES, ids=lambda c: c[0])
def test_create_follow_up_is_201_only_for_roles_that_may_add(scene, create):
    path, permission, body = create
    for role in ROLES:
        with rolled_back():
            before = AuditEvent.objects.count()
            response = client_for(scene.user(role)).post(
                f"/api/{path}/", body(scene), format="json"
            )
            if can(role, permission):
                assert response.status_code == 201, (role, response.data)
                assert AuditEvent.objects.count() > before, role
            else:
                assert response.status_code == 403, role
                assert AuditEvent.objects.count() == before, role


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
