"""What the core pages show beyond who may open them: counts, HTMX tables, forms.

Who may open which page, inside and outside scope, is tried for every role by the route
harness (routes.py, test_routes.py).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anjian.core.models import AuditEvent, Enterprise
from anjian.core.services import enterprises as enterprise_services
from anjian.core.tests.scenarios import (
    audit_events_in_both_counties,
    enterprise_form_data,
    enterprise_payload,
)
from conftest import ROLES

# Names of county-B objects: no page may show any of them to a county-A user.
OUTSIDE_NAMES = ["乙县", "乙一镇", "乙县应急管理局", "乙一化工有限公司", "insp_b"]

# (url name, permission, a name every role that may open the list sees in it)
LIST_PAGES = [
    ("core:enterprise_list", "enterprise.view", "甲一化工有限公司"),
    ("core:department_list", "department.view", "甲县应急管理局"),
    ("core:region_list", "region.view", "甲一镇"),
    ("core:user_list", "user.view", "insp_a"),
    ("core:audit_list", "auditevent.view", "甲一化工有限公司"),
]


@pytest.fixture
def scene(world):
    world.events = audit_events_in_both_counties(world)
    world.inspector_a = world.enterprise_a.responsible_inspector
    world.inspector_b = world.enterprise_b.responsible_inspector
    return world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def assert_no_outside_names(text: str) -> None:
    leaked = [name for name in OUTSIDE_NAMES if name in text]
    assert not leaked, f"page shows objects of county B: {leaked}"


# ---- what a page shows ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_home_page_opens_for_every_role_and_counts_only_its_scope(scene, role):
    response = client_for(scene.user(role)).get(reverse("core:home"))
    assert response.status_code == 200
    expected = Enterprise.objects.visible_to(scene.user(role)).count()
    assert response.context["enterprise_count"] == expected
    assert expected < Enterprise.objects.count()
    assert_no_outside_names(html(response))


def test_enterprise_manager_cannot_open_edit_page_of_another_enterprise_in_its_county(scene):
    url = reverse("core:enterprise_update", args=[scene.enterprise_a2.pk])
    assert client_for(scene.user("enterprise_manager")).get(url).status_code == 404


# ---- lists: content and HTMX partials -----------------------------------------------


def test_regulator_list_shows_what_its_department_supervises_not_the_rest_of_the_county(scene):
    text = html(client_for(scene.user("regulator")).get(reverse("core:enterprise_list")))
    assert "甲一化工有限公司" in text
    assert "甲二商贸有限公司" not in text


@pytest.mark.parametrize("page", LIST_PAGES, ids=lambda p: p[0])
def test_htmx_request_gets_just_the_table_of_inside_rows(scene, page):
    url_name, _permission, inside_name = page
    client = client_for(scene.user("system_admin"))
    response = client.get(reverse(url_name), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = html(response).strip()
    assert text.startswith('<div class="table-wrap">')
    assert "<table" in text and "<html" not in text and "<form" not in text
    assert inside_name in text
    assert_no_outside_names(text)


def test_htmx_filter_narrows_the_table(scene):
    client = client_for(scene.user("coordinator"))
    response = client.get(
        reverse("core:enterprise_list"), {"region": scene.town_a2.pk}, HTTP_HX_REQUEST="true"
    )
    text = html(response)
    assert "甲二商贸有限公司" in text and "甲一化工有限公司" not in text


def test_filtering_on_an_outside_region_does_not_reveal_its_rows(scene):
    client = client_for(scene.user("coordinator"))
    response = client.get(reverse("core:enterprise_list"), {"region": scene.county_b.pk})
    assert response.status_code == 200
    assert_no_outside_names(html(response))


# ---- forms ----------------------------------------------------------------------------


def create_form_data(scene, **overrides) -> dict:
    data = enterprise_payload(scene)
    data.update({"standardisation_level": "none", "industry_code": ""})
    data.update(overrides)
    return data


def test_create_form_registers_the_enterprise_with_an_audit_event(scene):
    client = client_for(scene.user("coordinator"))
    response = client.post(reverse("core:enterprise_create"), create_form_data(scene))
    created = Enterprise.objects.get(name="甲一新登记化工有限公司")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:enterprise_detail", args=[created.pk])
    event = AuditEvent.objects.get(object_type="core.enterprise", object_id=str(created.pk))
    assert (event.action, event.actor, event.before) == (
        "enterprise.create",
        scene.user("coordinator"),
        None,
    )


def test_create_form_shows_a_bad_credit_code_in_chinese_and_keeps_the_input(scene):
    client = client_for(scene.user("coordinator"))
    data = create_form_data(scene, credit_code="91350100M000100Y44")
    response = client.post(reverse("core:enterprise_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "校验位" in errors["credit_code"][0]
    assert "末位应为3" in html(response)
    assert 'value="甲一新登记化工有限公司"' in html(response)
    assert not Enterprise.objects.filter(name="甲一新登记化工有限公司").exists()


def test_create_form_shows_phone_and_required_field_errors_in_chinese(scene):
    client = client_for(scene.user("coordinator"))
    url = reverse("core:enterprise_create")
    response = client.post(url, create_form_data(scene, principal_phone="12345"))
    assert "电话号码格式不正确" in response.context["form"].errors["principal_phone"][0]
    response = client.post(url, create_form_data(scene, name=""))
    assert "必填" in response.context["form"].errors["name"][0]
    assert not Enterprise.objects.filter(
        credit_code=create_form_data(scene)["credit_code"]
    ).exists()


def test_create_form_refuses_a_department_of_another_county(scene):
    client = client_for(scene.user("coordinator"))
    data = create_form_data(scene, supervising_department=scene.dept_b.pk)
    response = client.post(reverse("core:enterprise_create"), data)
    assert response.status_code == 200
    assert "supervising_department" in response.context["form"].errors
    assert not Enterprise.objects.filter(name="甲一新登记化工有限公司").exists()


def test_edit_form_saves_a_change_and_bumps_the_version(scene):
    client = client_for(scene.user("coordinator"))
    url = reverse("core:enterprise_update", args=[scene.enterprise_a.pk])
    response = client.post(url, enterprise_form_data(scene.enterprise_a, employee_count=77))
    assert response.status_code == 302
    row = Enterprise.objects.get(pk=scene.enterprise_a.pk)
    assert (row.employee_count, row.version) == (77, scene.enterprise_a.version + 1)


def test_edit_with_stale_expected_version_shows_the_conflict_and_changes_nothing(scene):
    stale = enterprise_form_data(scene.enterprise_a, employee_count=77)
    enterprise_services.enterprise_update(
        by=scene.user("regulator"), enterprise=scene.enterprise_a, data={"employee_count": 50}
    )
    events = AuditEvent.objects.count()
    client = client_for(scene.user("coordinator"))
    url = reverse("core:enterprise_update", args=[scene.enterprise_a.pk])
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "已被他人修改" in html(response)
    row = Enterprise.objects.get(pk=scene.enterprise_a.pk)
    assert row.employee_count == 50
    assert AuditEvent.objects.count() == events


def test_enterprise_manager_edit_form_offers_only_self_editable_fields(scene):
    client = client_for(scene.user("enterprise_manager"))
    url = reverse("core:enterprise_update", args=[scene.enterprise_a.pk])
    form = client.get(url).context["form"]
    assert set(form.fields) == Enterprise.self_editable_fields | {"expected_version"}
    data = enterprise_form_data(
        scene.enterprise_a, principal_phone="13700137000", supervising_department=scene.dept_b.pk
    )
    assert client.post(url, data).status_code == 302
    row = Enterprise.objects.get(pk=scene.enterprise_a.pk)
    assert row.principal_phone == "13700137000"
    assert row.supervising_department == scene.dept_a
