"""What the risk API does beyond who may call it: filters, computed levels, 409, queries.

Who may call which endpoint and action, inside and outside scope, is tried for every role by
the route harness (routes.py, test_routes.py), with bodies for the steps.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from anjian.core.models import User
from anjian.core.tests.scenarios import roles_with
from anjian.risks.models import ControlMeasure, RiskPoint
from anjian.risks.services.risk_points import risk_point_deactivate
from anjian.risks.tests.conftest import add_measure, make_point
from conftest import ROLES


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_regulator_sees_its_department_not_the_rest_of_the_county(register):
    ids = {
        r["id"]
        for r in client_for(register.user("regulator")).get("/api/risk-points/").data["results"]
    }
    assert register.a["point"].pk in ids and register.point_a2.pk not in ids
    ids = {
        r["id"]
        for r in client_for(register.user("coordinator")).get("/api/risk-points/").data["results"]
    }
    assert register.point_a2.pk in ids


@pytest.mark.parametrize(
    "path",
    ["lec-factors", "ls-scales", "risk-bands", "hazard-factor-categories"],
)
def test_reference_tables_list_every_row_to_a_signed_in_user(register, path):
    response = client_for(register.user("enterprise_employee")).get(f"/api/{path}/")
    assert response.status_code == 200 and len(response.data) >= 4


def test_criteria_lists_show_their_criteria_on_the_detail(world):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_reference", "risks.criteria_chemical", stdout=StringIO())
    client = client_for(world.user("enterprise_employee"))
    listed = client.get("/api/major-hazard-criteria/")
    assert listed.status_code == 200
    assert [r["code"] for r in listed.data] == ["chemical"]
    assert listed.data[0]["criteria_count"] == 20 and "criteria" not in listed.data[0]
    detail = client.get("/api/major-hazard-criteria/chemical/")
    assert detail.status_code == 200 and len(detail.data["criteria"]) == 20


def test_list_filters_by_level_colour_method_sector_town_and_overdue(register):
    client = client_for(register.user("coordinator"))

    def ids(**params):
        return {r["id"] for r in client.get("/api/risk-points/", params).data["results"]}

    a, a2 = register.a["point"].pk, register.point_a2.pk
    assert ids(level="large") == {a} and ids(colour="yellow") == {a2}
    assert ids(method="LS") == {a2}
    assert ids(sector=register.enterprise_a.sector_id) == {a}
    assert ids(region=register.town_a2.pk) == {a2} and ids(region=register.county_a.pk) == {a, a2}
    assert ids(enterprise=register.enterprise_a2.pk) == {a2}
    assert ids(overdue="true") == set()
    RiskPoint.objects.filter(pk=a2).update(next_review_on="2020-01-01")
    assert ids(overdue="true") == {a2} and ids(overdue="false") == {a}
    assert ids(search="配电") == {a2} and ids(q="甲一液氨") == {a}
    ordered = client.get("/api/risk-points/", {"ordering": "score"}).data["results"]
    assert [r["id"] for r in ordered] == [a2, a]
    default = client.get("/api/risk-points/").data["results"]
    assert [r["id"] for r in default] == [a, a2]  # 较大 before 一般


# ---- writes -------------------------------------------------------------------------------


def create_body(world, enterprise) -> dict:
    return {
        "enterprise": enterprise.pk,
        "name": "接口登记的风险点",
        "place": "罐区",
        "activity": "装卸",
        "hazard_factors": ["2101"],
        "accident_types": ["08", "19"],
        "method": "LS",
        "ls_l": 4,
        "ls_s": 5,
        "responsible_name": "李四",
        "responsible_phone": "13900139000",
    }


@pytest.mark.parametrize("role", roles_with(ROLES, "riskpoint.add"))
def test_create_computes_the_level_and_refuses_an_outside_enterprise(register, role):
    client = client_for(register.user(role))
    inside = client.post("/api/risk-points/", create_body(register, register.enterprise_a))
    outside = client.post("/api/risk-points/", create_body(register, register.enterprise_b))
    assert inside.status_code == 201, (role, inside.data)
    assert (inside.data["level"], inside.data["colour"], inside.data["score"]) == (
        "major",
        "red",
        "20.00",
    )
    assert inside.data["hazard_factors"] == ["2101"]
    # The enterprise field accepts only visible rows: an outside id reads as "not found".
    assert outside.status_code == 400 and "enterprise" in outside.data, role


def test_create_names_the_wrong_field_in_chinese(register):
    client = client_for(register.user("enterprise_manager"))
    body = {**create_body(register, register.enterprise_a), "ls_l": 7, "hazard_factors": ["9999"]}
    response = client.post("/api/risk-points/", body, format="json")
    assert response.status_code == 400 and "hazard_factors" in response.data
    body["hazard_factors"] = ["2101"]
    response = client.post("/api/risk-points/", body, format="json")
    assert response.status_code == 400
    assert "L（可能性）取值 7 不在 LS 分值表中，可选：1、2、3、4、5" in response.data["ls_l"][0]


def test_score_level_and_colour_cannot_be_sent(register):
    client = client_for(register.user("coordinator"))
    body = {**create_body(register, register.enterprise_a), "level": "low", "score": 1}
    response = client.post("/api/risk-points/", body, format="json")
    assert response.status_code == 201 and response.data["level"] == "major"


@pytest.mark.parametrize("role", roles_with(ROLES, "riskpoint.change"))
def test_update_and_actions_change_the_risk_point_step_by_step(register, role):
    client = client_for(register.user(role))
    steps = [
        ("patch", "{}/", {"place": "新部位"}),
        ("post", "{}/reassess/", {"lec_l": "10"}),
        (
            "post",
            "{}/measures/",
            {
                "kind": "training",
                "control_level": "post",
                "text": "岗前培训",
                "responsible": "王五",
            },
        ),
        ("post", "{}/deactivate/", {"reason": "设备拆除"}),
    ]
    for method, url, body in steps:
        inside = getattr(client, method)(
            "/api/risk-points/" + url.format(register.a["point"].pk), body, format="json"
        )
        assert inside.status_code in (200, 201), (role, url, inside.data)
    removed = client.post(f"/api/risk-control-measures/{register.a['measure'].pk}/remove/")
    assert removed.status_code == 200, role
    point = RiskPoint.objects.get(pk=register.a["point"].pk)
    assert (point.place, point.level, point.is_active) == ("新部位", "major", False)
    assert ControlMeasure.objects.filter(risk_point=point, text="岗前培训").exists()


def test_a_stale_version_answers_409_and_changes_nothing(register):
    client = client_for(register.user("enterprise_manager"))
    point = register.a["point"]
    first = client.patch(
        f"/api/risk-points/{point.pk}/", {"place": "一号罐区", "version": point.version}
    )
    assert first.status_code == 200 and first.data["version"] == point.version + 1
    stale = client.patch(
        f"/api/risk-points/{point.pk}/", {"place": "二号罐区", "version": point.version}
    )
    assert stale.status_code == 409 and stale.data["code"] == "conflict"
    assert "已被他人修改" in stale.data["detail"]
    assert RiskPoint.objects.get(pk=point.pk).place == "一号罐区"
    again = client.post(
        f"/api/risk-points/{point.pk}/deactivate/", {"reason": "停用", "version": point.version}
    )
    assert again.status_code == 409


def test_summary_counts_the_caller_s_active_risk_points_by_level(register):
    make_point(register.enterprise_a, name="第二个重大", lec_l=10, lec_e=6, lec_c=7)
    retired = make_point(register.enterprise_a, name="已停用", lec_l=10, lec_e=6, lec_c=7)
    risk_point_deactivate(by=None, risk_point=retired, reason="装置拆除")
    data = client_for(register.user("enterprise_manager")).get("/api/risk-points/summary/").data
    assert [(lv["level"], lv["count"]) for lv in data["levels"]] == [
        ("major", 1),
        ("large", 1),
        ("general", 0),
        ("low", 0),
    ]
    assert [e["name"] for e in data["enterprises"]] == ["甲一化工有限公司"]
    whole = client_for(register.user("coordinator")).get("/api/risk-points/summary/").data
    assert [e["name"] for e in whole["enterprises"]] == ["甲一化工有限公司", "甲二商贸有限公司"]
    assert {t["name"]: t["total"] for t in whole["by_town"]} == {"甲一镇": 2, "甲二镇": 1}
    assert sum(lv["count"] for lv in whole["levels"]) == 3


def test_summary_takes_the_parameters_of_the_distribution_page(register):
    client = client_for(register.user("coordinator"))
    whole = client.get("/api/risk-points/summary/").data
    # 四色分布 counts the points in use by level: a level, state or search is not its parameter.
    assert client.get("/api/risk-points/summary/", {"level": "major", "q": "甲一"}).data == whole
    only = client.get("/api/risk-points/summary/", {"enterprise": register.enterprise_a2.pk}).data
    assert [e["name"] for e in only["enterprises"]] == ["甲二商贸有限公司"]


def test_list_rows_say_whether_in_use_and_overdue_for_review(register):
    a, a2 = register.a["point"], register.point_a2
    RiskPoint.objects.filter(pk__in=[a.pk, a2.pk]).update(next_review_on="2020-01-01")
    risk_point_deactivate(by=None, risk_point=a, reason="设备拆除")
    rows = client_for(register.user("coordinator")).get("/api/risk-points/").data["results"]
    found = {r["id"]: (r["is_active"], r["review_overdue"]) for r in rows}
    assert found == {a.pk: (False, False), a2.pk: (True, True)}


def test_details_list_the_steps_the_caller_may_take_now(register):
    manager = client_for(register.user("enterprise_manager"))
    point_url = f"/api/risk-points/{register.a['point'].pk}/"
    measure_url = f"/api/risk-control-measures/{register.a['measure'].pk}/"
    steps = ["reassess", "add_measure", "update", "deactivate"]
    assert manager.get(point_url).data["available_actions"] == steps
    assert manager.get(measure_url).data["available_actions"] == ["remove"]
    employee = client_for(register.user("enterprise_employee"))
    assert employee.get(point_url).data["available_actions"] == []
    assert manager.post(measure_url + "remove/").data["available_actions"] == []
    deactivated = manager.post(point_url + "deactivate/", {"reason": "设备拆除"}).data
    assert deactivated["available_actions"] == ["update"]
    refused = manager.post(point_url + "reassess/", {"lec_l": "10"})
    assert refused.status_code == 400 and "已停用" in str(refused.data)


# ---- query counts ---------------------------------------------------------------------------

MAX_QUERIES = 6  # scope, bounded count, page, two prefetched code lists, and auth


def _counted(queries) -> int:
    return sum(
        1
        for q in queries
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"].upper()
    )


def _list_cost(user_pk: int, path: str = "risk-points") -> tuple[int, int]:
    client = client_for(User.objects.get(pk=user_pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/{path}/", {"page_size": 100})
    assert response.status_code == 200
    return _counted(ctx.captured_queries), len(response.data["results"])


@pytest.mark.parametrize("role", ["system_admin", "regulator", "enterprise_manager"])
@pytest.mark.parametrize("path", ["risk-points", "risk-control-measures"])
def test_list_endpoint_query_count_is_pinned(register, role, path):
    def grow(n):
        for i in range(n):
            point = make_point(register.enterprise_a, name=f"增加{i}")
            add_measure(point)

    grow(2)
    few, few_rows = _list_cost(register.user(role).pk, path)
    grow(6)
    many, many_rows = _list_cost(register.user(role).pk, path)
    assert many_rows == few_rows + 6
    assert many == few <= MAX_QUERIES
