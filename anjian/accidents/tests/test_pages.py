"""What the accident pages show beyond who may open them: HTMX tables, menus, forms.

Who may open which page, inside and outside scope, is tried for every role by the route
harness (routes.py, test_routes.py).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anjian.accidents.models import Accident, AccidentReport, WarningAcknowledgement

# Names of county-B records: no page may show any of them to a county-A user.
OUTSIDE_NAMES = [
    "乙化工中毒事故",
    "乙道路运输事故",
    "乙危险化学品行业警示",
    "乙一化工有限公司",
    "乙县",
]

# (url name, permission, a name that every role which may open the list sees in it)
LIST_PAGES = [
    ("accidents:accident_list", "accident.view", "甲化工中毒事故"),
    ("accidents:timeliness", "accident.view", "甲化工中毒事故"),
    ("accidents:statistics", "accident.view", "事故起数"),
    ("accidents:investigation_list", "investigation.view", "甲化工中毒事故"),
    ("accidents:task_list", "supervisiontask.view", "甲县专项巡查"),
    ("accidents:warning_list", "industrywarning.view", "甲危险化学品行业警示"),
    ("accidents:acknowledgement_list", "warningacknowledgement.view", "甲危险化学品行业警示"),
    ("accidents:sanction_list", "enterprisesanction.view", "甲一化工有限公司"),
    ("accidents:publication_list", "publication.view", "中毒和窒息事故"),
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def assert_no_outside_names(page: str, who) -> None:
    leaked = [name for name in OUTSIDE_NAMES if name in page]
    assert not leaked, f"{who}: page shows county B: {leaked}"


def test_an_unknown_investigation_step_is_404(scene):
    client = client_for(scene.user("coordinator"))
    missing = reverse("accidents:investigation_step", args=[scene.a["investigation"].pk, "nope"])
    assert client.get(missing).status_code == 404


def test_regulator_sees_what_its_department_supervises_not_the_rest_of_the_county(scene):
    page = text(client_for(scene.user("regulator")).get(reverse("accidents:accident_list")))
    assert "甲化工中毒事故" in page and "甲二商贸触电事故" not in page
    coordinator = text(
        client_for(scene.user("coordinator")).get(reverse("accidents:accident_list"))
    )
    assert "甲二商贸触电事故" in coordinator


@pytest.mark.parametrize("page", LIST_PAGES[:1] + LIST_PAGES[3:], ids=lambda p: p[0])
def test_htmx_request_gets_just_the_table(scene, page):
    url_name, _permission, inside_name = page
    if url_name == "accidents:statistics":
        return
    response = client_for(scene.user("system_admin")).get(reverse(url_name), HTTP_HX_REQUEST="true")
    body = text(response).strip()
    assert body.startswith('<div class="table-wrap">') and "<html" not in body
    assert inside_name in body
    assert_no_outside_names(body, "system_admin")


def test_only_the_deepest_menu_entry_is_marked_active(scene):
    client = client_for(scene.user("coordinator"))
    menu = client.get(reverse("accidents:statistics")).context["nav_menu"]
    active = [entry.label for entry in menu if entry.active]
    assert [str(label) for label in active] == ["事故统计"]


# ---- forms --------------------------------------------------------------------------------


def test_report_form_registers_the_accident_with_its_computed_grade(scene):
    client = client_for(scene.user("coordinator"))
    data = {
        "title": "表单报告的事故",
        "occurred_at": "2026-01-05T09:30",
        "place": "仓库",
        "region": scene.town_a1.pk,
        "enterprise": scene.enterprise_a.pk,
        "category": scene.a["accident"].category_id,
        "deaths": "0",
        "missing": "0",
        "serious_injuries": "10",
        "minor_injuries": "0",
        "direct_loss": "0",
        "narrative": "仓库货架倒塌砸伤多人。",
    }
    response = client.post(reverse("accidents:accident_create"), data)
    created = Accident.objects.get(title="表单报告的事故")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.grade.name == "较大事故"


def test_enterprise_manager_form_reports_only_for_its_own_enterprise(scene):
    client = client_for(scene.user("enterprise_manager"))
    form = client.get(reverse("accidents:accident_create")).context["form"]
    assert "region" not in form.fields
    assert list(form.fields["enterprise"].queryset) == [scene.enterprise_a]


def test_figures_form_shows_a_clear_error_and_keeps_the_input(scene):
    client = client_for(scene.user("coordinator"))
    url = reverse("accidents:accident_figures", args=[scene.a["accident"].pk])
    accident = scene.a["accident"]
    data = {
        "deaths": accident.deaths,
        "missing": 0,
        "serious_injuries": accident.serious_injuries,
        "minor_injuries": accident.minor_injuries,
        "direct_loss": accident.direct_loss,
        "reason": "复核无变化",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "没有变化" in text(response)
    assert "复核无变化" in text(response)


def test_report_upward_form_adds_the_county_report(scene):
    client = client_for(scene.user("regulator"))
    url = reverse("accidents:report_upward", args=[scene.a["accident"].pk])
    response = client.post(url, {"reporting_unit": "甲县应急管理局"})
    assert response.status_code == 302
    assert AccidentReport.objects.filter(accident=scene.a["accident"], level="county").exists()


def test_enterprise_acknowledges_on_its_page(scene):
    client = client_for(scene.user("enterprise_manager"))
    answer = scene.a["acknowledgement"]
    page = client.get(reverse("accidents:acknowledgement_detail", args=[answer.pk]))
    assert "确认收到" in text(page)
    assert client.post(reverse("accidents:acknowledge", args=[answer.pk])).status_code == 302
    response = client.post(
        reverse("accidents:self_inspection", args=[answer.pk]),
        {"findings": "检查两处有限空间，已补充警示标识。", "hazards_found": 1},
    )
    assert response.status_code == 302
    row = WarningAcknowledgement.objects.get(pk=answer.pk)
    assert row.acknowledged_at and row.self_inspected_at and row.hazards_found == 1


def test_closing_an_investigation_without_the_checklist_shows_why(scene):
    client = client_for(scene.user("coordinator"))
    url = reverse("accidents:investigation_step", args=[scene.a["investigation"].pk, "close"])
    response = client.post(url)
    assert response.status_code == 200 and "批复" in text(response)


def test_a_task_of_a_higher_region_is_not_shown_on_a_county_accident_page(scene):
    """Rule levels are data: counting in the province too opens a province task, unseen below."""
    from anjian.accidents.models import EscalationRule, SupervisionTask
    from anjian.accidents.services.escalation import escalation_check

    EscalationRule.objects.filter(code="larger_2_in_3_months").update(region_levels=[1, 3])
    escalation_check(accident=scene.a["accident"])
    province_task = SupervisionTask.objects.get(region=scene.province)
    assert scene.a["accident"] in province_task.accidents.all()
    page = text(
        client_for(scene.user("coordinator")).get(
            reverse("accidents:accident_detail", args=[scene.a["accident"].pk])
        )
    )
    assert scene.a["task"].title in page and province_task.title not in page
