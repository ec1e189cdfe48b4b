"""What the risk pages show beyond who may open them: summaries, HTMX tables, forms, queries.

Who may open which page, inside and outside scope, is tried for every role by the route
harness (routes.py, test_routes.py).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anjian.risks.models import ControlMeasure, RiskPoint
from anjian.risks.tests.conftest import make_point
from conftest import ROLES

OUTSIDE_NAMES = ["乙一液氨储罐区", "乙一化工有限公司", "乙一储罐区喷淋装置", "乙一镇"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def assert_no_outside_names(page: str, who) -> None:
    leaked = [name for name in OUTSIDE_NAMES if name in page]
    assert not leaked, f"{who}: page shows county B: {leaked}"


def test_a_measure_of_another_risk_point_is_not_found_under_this_one(register):
    client = client_for(register.user("coordinator"))
    wrong = reverse("risks:measure_remove", args=[register.point_a2.pk, register.a["measure"].pk])
    assert client.get(wrong).status_code == 404


def test_htmx_request_gets_just_the_table(register):
    client = client_for(register.user("system_admin"))
    response = client.get(reverse("risks:riskpoint_list"), HTTP_HX_REQUEST="true")
    body = text(response).strip()
    assert body.startswith('<div class="table-wrap">') and "<html" not in body
    assert "甲一液氨储罐区" in body
    assert_no_outside_names(body, "system_admin")


def test_menu_shows_the_risk_entries_to_every_role(register):
    for role in ROLES:
        menu = client_for(register.user(role)).get(reverse("risks:riskpoint_list"))
        labels = [str(entry.label) for entry in menu.context["nav_menu"]]
        assert "风险分级管控" in labels and "风险四色分布" in labels, role


def test_enterprise_user_sees_the_four_colour_summary_of_its_enterprise(register):
    make_point(register.enterprise_a, name="重大一", lec_l=10, lec_e=6, lec_c=7)
    make_point(
        register.enterprise_a,
        name="重大二",
        method="LS",
        lec_l=None,
        lec_e=None,
        lec_c=None,
        ls_l=5,
        ls_s=5,
    )
    make_point(register.enterprise_a, name="低一", lec_l=1, lec_e=1, lec_c=1)
    response = client_for(register.user("enterprise_manager")).get(reverse("risks:riskpoint_list"))
    summary = {s["level"]: s["count"] for s in response.context["summary"]}
    assert summary == {"major": 2, "large": 1, "general": 0, "low": 1}
    assert [s["colour"] for s in response.context["summary"]] == ["red", "orange", "yellow", "blue"]
    page = text(response)
    assert "重大风险（红）" in page and "甲二配电室" not in page


def test_distribution_lists_enterprises_with_a_major_risk_first(register):
    make_point(register.enterprise_a2, name="甲二重大", lec_l=10, lec_e=6, lec_c=7)
    response = client_for(register.user("coordinator")).get(reverse("risks:distribution"))
    stats = response.context["stats"]
    assert [e["name"] for e in stats["enterprises"]] == ["甲二商贸有限公司", "甲一化工有限公司"]
    assert {t["name"]: (t["major"], t["total"]) for t in stats["by_town"]} == {
        "甲一镇": (0, 1),
        "甲二镇": (1, 2),
    }
    assert {s["name"]: s["total"] for s in stats["by_sector"]} == {"危险化学品": 1, "商贸": 2}
    assert "echarts-6.1.0.min.js" in text(response) and 'id="chart-data"' in text(response)


# ---- forms --------------------------------------------------------------------------------


def form_data(world, **overrides) -> dict:
    from anjian.core.models import AccidentCategory
    from anjian.risks.models import HazardFactorCategory

    data = {
        "enterprise": world.enterprise_a.pk,
        "name": "表单登记的风险点",
        "place": "二号车间",
        "activity": "冲压作业",
        "hazard_factors": [HazardFactorCategory.objects.get(code="210201").pk],
        "accident_types": [AccidentCategory.objects.get(code="03").pk],
        "method": "LEC",
        "lec_l": "3",
        "lec_e": "6",
        "lec_c": "15",
        "responsible_name": "赵六",
        "responsible_phone": "13700137000",
    }
    data.update(overrides)
    return data


def test_create_form_registers_the_risk_point_with_its_computed_level(register):
    client = client_for(register.user("enterprise_manager"))
    form = client.get(reverse("risks:riskpoint_create")).context["form"]
    assert list(form.fields["enterprise"].queryset) == [register.enterprise_a]
    assert "level" not in form.fields and "score" not in form.fields
    response = client.post(reverse("risks:riskpoint_create"), form_data(register))
    point = RiskPoint.objects.get(name="表单登记的风险点")
    assert response.status_code == 302 and response["Location"] == point.get_absolute_url()
    assert (point.score, point.level, point.colour) == (270, "large", "orange")


def test_create_form_shows_a_clear_error_and_keeps_the_input(register):
    client = client_for(register.user("coordinator"))
    response = client.post(
        reverse("risks:riskpoint_create"), form_data(register, method="LS", ls_l="", ls_s="3")
    )
    assert response.status_code == 200 and "请填写L（可能性）" in text(response)
    assert "表单登记的风险点" in text(response)
    assert not RiskPoint.objects.filter(name="表单登记的风险点").exists()


def test_assessment_preview_shows_the_level_and_colour(register):
    client = client_for(register.user("enterprise_employee"))
    ok = client.get(
        reverse("risks:assess_preview"),
        {"method": "LEC", "lec_l": "10", "lec_e": "6", "lec_c": "7"},
    )
    assert 'class="risk red"' in text(ok) and "重大风险" in text(ok) and "420" in text(ok)
    missing = client.get(reverse("risks:assess_preview"), {"method": "LS", "ls_l": "2"})
    assert "请填写S（严重性）" in text(missing)


def test_edit_form_changes_the_inputs_and_a_stale_version_is_refused(register):
    client = client_for(register.user("regulator"))
    point = register.a["point"]
    url = reverse("risks:riskpoint_update", args=[point.pk])
    form = client.get(url).context["form"]
    assert form.initial["lec_l"] == "6" and "enterprise" not in form.fields
    data = form_data(register, name=point.name, lec_l="10", lec_e="6", lec_c="7")
    data.pop("enterprise")
    data["expected_version"] = point.version
    assert client.post(url, data).status_code == 302
    assert RiskPoint.objects.get(pk=point.pk).level == "major"
    stale = client.post(url, {**data, "place": "别处"})
    assert stale.status_code == 200 and "已被他人修改" in text(stale)


def test_reassess_deactivate_and_measure_forms_run_the_services(register):
    client = client_for(register.user("enterprise_manager"))
    point = register.a["point"]
    response = client.post(
        reverse("risks:riskpoint_reassess", args=[point.pk]),
        {"method": "LS", "ls_l": "1", "ls_s": "2", "expected_version": point.version},
    )
    assert response.status_code == 302
    assert RiskPoint.objects.get(pk=point.pk).level == "low"
    response = client.post(
        reverse("risks:measure_add", args=[point.pk]),
        {
            "kind": "protection",
            "control_level": "post",
            "text": "佩戴防毒面具",
            "responsible": "张三",
        },
    )
    assert response.status_code == 302
    added = ControlMeasure.objects.get(text="佩戴防毒面具")
    response = client.post(reverse("risks:measure_remove", args=[point.pk, added.pk]))
    assert response.status_code == 302 and not ControlMeasure.objects.get(pk=added.pk).is_active
    response = client.post(
        reverse("risks:riskpoint_deactivate", args=[point.pk]), {"reason": "拆除"}
    )
    assert response.status_code == 302 and not RiskPoint.objects.get(pk=point.pk).is_active
    detail = text(client.get(point.get_absolute_url()))
    assert "已停用" in detail and "已撤销" in detail


def test_the_form_keeps_only_the_inputs_of_the_chosen_method(register):
    client = client_for(register.user("enterprise_manager"))
    # The LEC inputs are still in the form when the user switches to LS.
    data = form_data(register, method="LS", ls_l="2", ls_s="3")
    assert client.post(reverse("risks:riskpoint_create"), data).status_code == 302
    point = RiskPoint.objects.get(name="表单登记的风险点")
    assert (point.lec_l, point.ls_l, point.ls_s, point.level) == (None, 2, 3, "general")


def test_the_detail_page_offers_the_steps_of_the_transition_table(register):
    point = register.a["point"]
    client = client_for(register.user("enterprise_manager"))
    urls = {
        name: reverse(f"risks:{name}", args=[point.pk])
        for name in (
            "riskpoint_reassess",
            "measure_add",
            "riskpoint_update",
            "riskpoint_deactivate",
        )
    }
    page = text(client.get(point.get_absolute_url()))
    assert all(url in page for url in urls.values())
    client.post(urls["riskpoint_deactivate"], {"reason": "设备拆除"})
    page = text(client.get(point.get_absolute_url()))
    # Deactivated: it may still be corrected (纠错), nothing else.
    assert [name for name, url in urls.items() if url in page] == ["riskpoint_update"]


def test_detail_shows_measures_and_the_audit_history_to_auditors(register):
    point = register.a["point"]
    coordinator = text(client_for(register.user("coordinator")).get(point.get_absolute_url()))
    assert "设置可燃有毒气体检测报警装置" in coordinator
    assert "变更记录" in coordinator and "riskpoint.create" in coordinator
    assert "controlmeasure.add" in coordinator
    employee = text(client_for(register.user("enterprise_employee")).get(point.get_absolute_url()))
    assert "设置可燃有毒气体检测报警装置" in employee and "变更记录" not in employee
    assert "重新评估" not in employee


@pytest.mark.parametrize("url_name", ["risks:riskpoint_list", "risks:distribution"])
def test_page_query_count_does_not_grow_with_rows(register, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(register.user("coordinator"))

    def cost() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return sum(1 for q in ctx.captured_queries if "django_session" not in q["sql"])

    few = cost()
    for i in range(5):
        make_point(register.enterprise_a2, name=f"新增{i}", lec_l=10, lec_e=6, lec_c=7)
    assert cost() == few
