"""Every API endpoint for every role, inside and outside its scope: 200, 403 or 404 by rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from anjian.core.models import AuditEvent, Enterprise
from anjian.core.tests.factories import UserFactory
from anjian.core.tests.scenarios import (
    audit_events_in_both_counties,
    can,
    enterprise_payload,
    roles_with,
    roles_without,
)
from conftest import ROLES


@dataclass(frozen=True)
class Endpoint:
    """A scoped API endpoint with one object inside county A and the ones in county B."""

    path: str
    model: str
    inside: Callable
    outside: Callable  # returns every county-B object of the model
    key: str = "id"

    def __str__(self) -> str:
        return self.path


ENDPOINTS = [
    Endpoint("regions", "region", lambda w: w.town_a1, lambda w: [w.county_b, w.town_b1]),
    Endpoint("departments", "department", lambda w: w.dept_a, lambda w: [w.dept_b]),
    Endpoint("enterprises", "enterprise", lambda w: w.enterprise_a, lambda w: [w.enterprise_b]),
    Endpoint(
        "users",
        "user",
        lambda w: w.enterprise_a.responsible_inspector,
        lambda w: [w.enterprise_b.responsible_inspector],
    ),
    Endpoint(
        "audit-events", "auditevent", lambda w: w.events[0], lambda w: [w.events[1]], key="seq"
    ),
]


@pytest.fixture
def scene(world):
    """The world plus one audit event per county (the factories write no audit events)."""
    world.events = audit_events_in_both_counties(world)
    return world


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def key_of(endpoint: Endpoint, obj) -> int:
    return getattr(obj, "seq" if endpoint.key == "seq" else "pk")


def expected_status(may_view: bool, where: str) -> int:
    """403 for a role without the right at all; else 200 inside scope and 404 outside."""
    if not may_view:
        return 403
    return 200 if where == "inside" else 404


def detail_url(endpoint: Endpoint, obj) -> str:
    return f"/api/{endpoint.path}/{key_of(endpoint, obj)}/"


# ---- reading ------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_list_shows_inside_rows_and_never_outside_ones(scene, role, endpoint):
    response = client_for(scene.user(role)).get(f"/api/{endpoint.path}/", {"page_size": 500})
    if not can(role, f"{endpoint.model}.view"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    keys = {row[endpoint.key] for row in response.data["results"]}
    assert key_of(endpoint, endpoint.inside(scene)) in keys
    assert not keys & {key_of(endpoint, o) for o in endpoint.outside(scene)}
    assert response.data["count"] == len(keys)


@pytest.mark.parametrize("where", ["inside", "outside"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_retrieve_is_200_inside_404_outside_and_403_without_the_view_right(
    scene, role, endpoint, where
):
    obj = endpoint.inside(scene) if where == "inside" else endpoint.outside(scene)[0]
    response = client_for(scene.user(role)).get(detail_url(endpoint, obj))
    expected = expected_status(can(role, f"{endpoint.model}.view"), where)
    assert response.status_code == expected, response.data
    if expected == 200:
        assert response.data[endpoint.key] == key_of(endpoint, obj)
    else:
        assert "results" not in response.data and endpoint.key not in response.data


@pytest.mark.parametrize("role", ROLES)
def test_sectors_are_national_reference_data_readable_by_every_signed_in_role(scene, role):
    response = client_for(scene.user(role)).get("/api/sectors/")
    assert response.status_code == 200
    assert {row["code"] for row in response.data} == {"chem", "trade"}


def test_user_without_any_role_sees_nothing_and_may_do_nothing(scene):
    client = client_for(UserFactory(username="nobody"))
    assert client.get("/api/enterprises/").status_code == 403
    assert client.get(detail_url(ENDPOINTS[2], scene.enterprise_a)).status_code == 403
    assert client.get("/api/sectors/").status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_is_refused_list_and_detail(scene, endpoint):
    client = APIClient()
    assert client.get(f"/api/{endpoint.path}/").status_code in (401, 403)
    assert client.get(detail_url(endpoint, endpoint.inside(scene))).status_code in (401, 403)


def test_anonymous_is_refused_sectors_and_writes(scene):
    client = APIClient()
    assert client.get("/api/sectors/").status_code in (401, 403)
    response = client.post("/api/enterprises/", enterprise_payload(scene), format="json")
    assert response.status_code in (401, 403)
    response = client.patch(
        f"/api/enterprises/{scene.enterprise_a.pk}/", {"principal_phone": "13700137000"}
    )
    assert response.status_code in (401, 403)
    assert not Enterprise.objects.filter(name="甲一新登记化工有限公司").exists()


# ---- writing ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_create_enterprise_inside_scope_is_201_only_for_roles_that_may_add(scene, role):
    payload = enterprise_payload(scene, inside=True)
    before = AuditEvent.objects.count()
    response = client_for(scene.user(role)).post("/api/enterprises/", payload, format="json")
    created = Enterprise.objects.filter(credit_code=payload["credit_code"])
    if can(role, "enterprise.add"):
        assert response.status_code == 201, response.data
        assert created.get().pk == response.data["id"]
        assert AuditEvent.objects.count() == before + 1
    else:
        assert response.status_code == 403
        assert not created.exists()
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_create_enterprise_in_another_county_is_refused_and_creates_nothing(scene, role):
    payload = enterprise_payload(scene, inside=False)
    before = AuditEvent.objects.count()
    response = client_for(scene.user(role)).post("/api/enterprises/", payload, format="json")
    assert response.status_code in (400, 403), response.data
    assert not Enterprise.objects.filter(credit_code=payload["credit_code"]).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_patch_enterprise_of_other_county_is_404_for_roles_that_may_change(scene, role):
    response = client_for(scene.user(role)).patch(
        f"/api/enterprises/{scene.enterprise_b.pk}/", {"principal_phone": "13700137000"}
    )
    assert response.status_code == (404 if can(role, "enterprise.change") else 403)
    scene.enterprise_b.refresh_from_db()
    assert scene.enterprise_b.principal_phone == "13800138000"


@pytest.mark.parametrize("role", roles_without(ROLES, "enterprise.change"))
def test_patch_inside_enterprise_by_role_without_change_is_403(scene, role):
    response = client_for(scene.user(role)).patch(
        f"/api/enterprises/{scene.enterprise_a.pk}/", {"principal_phone": "13700137000"}
    )
    assert response.status_code == 403
    scene.enterprise_a.refresh_from_db()
    assert scene.enterprise_a.principal_phone == "13800138000"


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


def test_inspector_cannot_patch_the_enterprise_it_is_responsible_for(scene):
    response = client_for(scene.user("inspector")).patch(
        f"/api/enterprises/{scene.enterprise_a.pk}/", {"employee_count": 99}
    )
    assert response.status_code == 403


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
