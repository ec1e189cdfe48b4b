"""What the core API does beyond who may call it: creates, edits, conflicts, errors, tokens.

Who may call which endpoint, inside and outside scope, is tried for every role by the route
harness (routes.py, test_routes.py).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from anjian.core.models import AuditEvent, Enterprise
from anjian.core.tests.factories import UserFactory
from anjian.core.tests.scenarios import (
    audit_events_in_both_counties,
    enterprise_payload,
    roles_with,
)
from conftest import ROLES


@pytest.fixture
def scene(world):
    """The world plus one audit event per county (the factories write no audit events)."""
    world.events = audit_events_in_both_counties(world)
    return world


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# ---- reading ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_sectors_are_national_reference_data_readable_by_every_signed_in_role(scene, role):
    response = client_for(scene.user(role)).get("/api/sectors/")
    assert response.status_code == 200
    assert {row["code"] for row in response.data} == {"chem", "trade"}


def test_user_without_any_role_sees_nothing_and_may_do_nothing(scene):
    client = client_for(UserFactory(username="nobody"))
    assert client.get("/api/enterprises/").status_code == 403
    assert client.get(f"/api/enterprises/{scene.enterprise_a.pk}/").status_code == 403
    assert client.get("/api/sectors/").status_code == 200


@pytest.mark.parametrize("path", ["enterprises", "departments", "regions", "users"])
def test_a_list_row_carries_the_fields_of_the_detail(scene, path):
    client = client_for(scene.user("system_admin"))
    row = client.get(f"/api/{path}/").data["results"][0]
    assert set(row) == set(client.get(f"/api/{path}/{row['id']}/").data)


# ---- writing ------------------------------------------------------------------------


@pytest.mark.parametrize("role", roles_with(ROLES, "enterprise.add"))
def test_create_enterprise_inside_scope_is_201_with_one_audit_event(scene, role):
    payload = enterprise_payload(scene, inside=True)
    before = AuditEvent.objects.count()
    response = client_for(scene.user(role)).post("/api/enterprises/", payload, format="json")
    created = Enterprise.objects.filter(credit_code=payload["credit_code"])
    assert response.status_code == 201, response.data
    assert created.get().pk == response.data["id"]
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.parametrize("role", ROLES)
def test_create_enterprise_in_another_county_is_refused_and_creates_nothing(scene, role):
    payload = enterprise_payload(scene, inside=False)
    before = AuditEvent.objects.count()
    response = client_for(scene.user(role)).post("/api/enterprises/", payload, format="json")
    assert response.status_code in (400, 403), response.data
    assert not Enterprise.objects.filter(credit_code=payload["credit_code"]).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", roles_with(ROLES, "enterprise.change"))
def test_patch_inside_enterprise_by_role_with_change_saves_and_bumps_version(scene, role):
    version = Enterprise.objects.get(pk=scene.enterprise_a.pk).version
    response = client_for(scene.user(role)).patch(
        f"/api/enterprises/{scene.enterprise_a.pk}/", {"principal_phone": "13700137000"}
    )
    assert response.status_code == 200, response.data
    assert response.data["version"] == version + 1
    scene.enterprise_a.refresh_from_db()
    assert scene.enterprise_a.principal_phone == "13700137000"


def test_enterprise_manager_may_patch_own_phone_but_not_supervising_department(scene):
    client = client_for(scene.user("enterprise_manager"))
    url = f"/api/enterprises/{scene.enterprise_a.pk}/"
    assert client.patch(url, {"principal_phone": "13700137000"}).status_code == 200
    response = client.patch(url, {"supervising_department": scene.dept_a_other.pk})
    # The manager cannot even see other departments: the id is answered like a missing one.
    assert response.status_code == 400
    assert "supervising_department" in response.data
    scene.enterprise_a.refresh_from_db()
    assert scene.enterprise_a.principal_phone == "13700137000"
    assert scene.enterprise_a.supervising_department == scene.dept_a


def test_enterprise_manager_cannot_patch_another_enterprise_of_its_county(scene):
    response = client_for(scene.user("enterprise_manager")).patch(
        f"/api/enterprises/{scene.enterprise_a2.pk}/", {"principal_phone": "13700137000"}
    )
    assert response.status_code == 404


def test_patch_with_stale_version_is_409_and_leaves_the_row_unchanged(scene):
    client = client_for(scene.user("coordinator"))
    url = f"/api/enterprises/{scene.enterprise_a.pk}/"
    read = client.get(url).data["version"]
    assert client.patch(url, {"employee_count": 30, "version": read}).status_code == 200
    events = AuditEvent.objects.count()
    response = client.patch(url, {"employee_count": 40, "version": read}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "conflict"
    row = Enterprise.objects.get(pk=scene.enterprise_a.pk)
    assert (row.employee_count, row.version) == (30, read + 1)
    assert AuditEvent.objects.count() == events


def test_api_error_names_the_field_in_chinese(scene):
    payload = {**enterprise_payload(scene), "credit_code": "91350100M000100Y44"}
    response = client_for(scene.user("coordinator")).post(
        "/api/enterprises/", payload, format="json"
    )
    assert response.status_code == 400
    assert "校验位" in " ".join(map(str, response.data["credit_code"]))


# ---- token authentication -----------------------------------------------------------


def test_token_from_api_auth_token_authenticates_scoped_requests(scene):
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "regulator", "password": "Test-password-2026"}
    )
    assert response.status_code == 200, response.data
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    listed = client.get("/api/enterprises/")
    assert listed.status_code == 200
    assert {row["id"] for row in listed.data["results"]} == {scene.enterprise_a.pk}
    assert client.get(f"/api/enterprises/{scene.enterprise_b.pk}/").status_code == 404


def test_wrong_password_gets_no_token_and_a_bad_token_is_refused(scene):
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "regulator", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.data
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    # DRF answers 403 rather than 401 because session authentication is listed first.
    assert client.get("/api/enterprises/").status_code in (401, 403)
