"""User administration through the API: who may create logins and grant or revoke which roles."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from anjian.core.access import access_for
from anjian.core.models import AuditEvent, Enterprise, RoleAssignment, User
from anjian.core.services import enterprises as enterprise_services
from anjian.core.tests.factories import RoleAssignmentFactory, UserFactory
from anjian.core.tests.scenarios import enterprise_payload
from anjian.core.validators import normalise_credit_code

PASSWORD = "Long-enough-pass-2026"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_admin_creates_a_login_for_a_department_of_its_county(world):
    response = api(world.user("system_admin")).post(
        "/api/users/",
        {"username": "new_clerk", "password": PASSWORD, "department": world.dept_a.pk},
    )
    assert response.status_code == 201, response.data
    user = User.objects.get(username="new_clerk")
    assert user.department == world.dept_a and user.region == world.county_a
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_admin_cannot_create_a_login_in_another_countys_department(world):
    response = api(world.user("system_admin")).post(
        "/api/users/",
        {
            "username": "spy",
            "password": PASSWORD,
            "department": world.dept_b.pk,
            "region": world.county_a.pk,
        },
    )
    assert response.status_code == 400
    assert "department" in response.data
    assert not User.objects.filter(username="spy").exists()


def test_a_login_region_must_match_its_department(world):
    response = api(world.user("system_admin")).post(
        "/api/users/",
        {
            "username": "misfit",
            "password": PASSWORD,
            "department": world.dept_a.pk,
            "region": world.town_a1.pk,
        },
    )
    assert response.status_code == 400
    assert "region" in response.data


def test_coordinator_may_not_create_logins(world):
    response = api(world.user("coordinator")).post(
        "/api/users/", {"username": "x1", "password": PASSWORD, "region": world.county_a.pk}
    )
    assert response.status_code == 403


def test_admin_grants_a_role_inside_its_county_and_it_is_audited(world):
    clerk = UserFactory(username="clerk", region=world.county_a)
    response = api(world.user("system_admin")).post(
        f"/api/users/{clerk.pk}/grant-role/", {"role": "coordinator", "region": world.town_a1.pk}
    )
    assert response.status_code == 201, response.data
    assert RoleAssignment.objects.filter(user=clerk, region=world.town_a1).exists()
    assert AuditEvent.objects.filter(action="user.role_grant").exists()


def test_admin_cannot_grant_a_role_on_another_county(world):
    clerk = UserFactory(username="clerk", region=world.county_a)
    response = api(world.user("system_admin")).post(
        f"/api/users/{clerk.pk}/grant-role/", {"role": "coordinator", "region": world.county_b.pk}
    )
    assert response.status_code == 400  # county B is answered like a missing region
    assert not RoleAssignment.objects.filter(user=clerk).exists()


def test_admin_without_descendants_cannot_grant_itself_or_others_the_whole_subtree(world):
    narrow = UserFactory(username="narrow_admin", region=world.county_a)
    RoleAssignmentFactory(
        user=narrow, role="system_admin", region=world.county_a, include_descendants=False
    )
    other = UserFactory(username="other", region=world.county_a)
    client = api(narrow)
    for target in (narrow, other):
        response = client.post(
            f"/api/users/{target.pk}/grant-role/",
            {"role": "system_admin", "region": world.county_a.pk, "include_descendants": True},
        )
        assert response.status_code == 403, response.data
    assert RoleAssignment.objects.filter(user__in=[narrow, other]).count() == 1
    access_for(narrow).forget()
    assert Enterprise.objects.visible_to(narrow).count() == 0


def test_no_one_grants_themselves_a_role(world):
    admin = world.user("system_admin")
    response = api(admin).post(
        f"/api/users/{admin.pk}/grant-role/", {"role": "leader", "region": world.town_a1.pk}
    )
    assert response.status_code == 403
    assert "自己" in response.data["detail"]


def test_admin_cannot_revoke_an_assignment_beyond_its_reach(world):
    wide = UserFactory(username="wide", region=world.county_a)
    assignment = RoleAssignmentFactory(user=wide, role="leader", region=world.province)
    response = api(world.user("system_admin")).post(
        f"/api/users/{wide.pk}/revoke-role/{assignment.pk}/"
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_out_of_scope_inspector_id_is_answered_like_a_missing_one_without_naming_anyone(world):
    outsider = world.enterprise_b.responsible_inspector
    outsider.display_name = "秘密检查员甲"
    outsider.save()
    response = api(world.user("regulator")).patch(
        f"/api/enterprises/{world.enterprise_a.pk}/", {"responsible_inspector": outsider.pk}
    )
    assert response.status_code == 400
    assert "秘密检查员甲" not in str(response.data)


def test_department_list_counts_only_the_enterprises_the_reader_may_see(world, client):
    leader = UserFactory(username="narrow_leader", region=world.county_a)
    RoleAssignmentFactory(
        user=leader, role="leader", region=world.county_a, include_descendants=False
    )
    client.force_login(leader)
    response = client.get(reverse("core:department_list"))
    counts = {d.pk: d.enterprise_count for d in response.context["object_list"]}
    assert counts[world.dept_a.pk] == 0  # its enterprise lies in a town below the county


def test_moving_a_department_away_from_its_enterprises_is_refused(world):
    response = api(world.user("coordinator")).patch(
        f"/api/departments/{world.dept_a.pk}/", {"region": world.town_a2.pk}
    )
    assert response.status_code == 400
    assert "region" in response.data
    world.dept_a.refresh_from_db()
    assert world.dept_a.region == world.county_a


def test_enterprise_manager_put_of_the_whole_record_with_only_the_phone_changed_works(world):
    client = api(world.user("enterprise_manager"))
    url = f"/api/enterprises/{world.enterprise_a.pk}/"
    body = client.get(url).data
    read_only = {
        "sector_name",
        "region_name",
        "supervising_department_name",
        "responsible_inspector_name",
        "updated_at",
        "id",
    }
    body = {k: v for k, v in body.items() if v is not None and k not in read_only}
    body["principal_phone"] = "13612345678"
    response = client.put(url, body, format="json")
    assert response.status_code == 200, response.data
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).principal_phone == "13612345678"


def test_a_credit_code_taken_between_check_and_insert_is_a_field_error_not_a_500(world):
    data = enterprise_payload(world, as_ids=False)
    Enterprise.objects.filter(pk=world.enterprise_a2.pk).update(
        credit_code=normalise_credit_code(data["credit_code"])
    )
    real, calls = Enterprise.validate_unique, []

    def misses_the_clash_once(self, exclude=None):
        # The check before the insert runs before the other request commits its row.
        calls.append(exclude)
        return None if len(calls) == 1 else real(self, exclude)

    with (
        mock.patch.object(Enterprise, "validate_unique", misses_the_clash_once),
        pytest.raises(ValidationError) as caught,
    ):
        enterprise_services.enterprise_create(by=world.user("coordinator"), data=data)
    assert "credit_code" in caught.value.message_dict
    assert len(calls) == 2
