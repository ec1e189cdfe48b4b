"""Rules of enterprise editing: who may move supervision, phone clean-up, who sees history."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from anjian.core.models import AuditEvent, Enterprise
from anjian.core.services import enterprises as enterprise_services
from anjian.core.services.common import create_audited
from anjian.core.tests.factories import UserFactory
from anjian.core.validators import normalise_phone


def test_regulator_cannot_hand_its_enterprise_to_another_department(world):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied, match="安委办"):
        enterprise_services.enterprise_update(
            by=world.user("regulator"),
            enterprise=world.enterprise_a,
            data={
                "supervising_department": world.dept_a_other,
                "responsible_inspector": world.enterprise_a2.responsible_inspector,
            },
        )
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.supervising_department == world.dept_a
    assert AuditEvent.objects.count() == before


def test_coordinator_reassigns_supervision_and_it_is_audited(world):
    inspector = world.enterprise_a2.responsible_inspector
    enterprise_services.enterprise_update(
        by=world.user("coordinator"),
        enterprise=world.enterprise_a,
        data={"supervising_department": world.dept_a_other, "responsible_inspector": inspector},
    )
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.supervising_department == world.dept_a_other
    event = AuditEvent.objects.filter(object_type="core.enterprise").latest("seq")
    assert event.before["supervising_department_id"] == world.dept_a.pk
    assert event.after["supervising_department_id"] == world.dept_a_other.pk


def test_regulator_may_still_edit_other_fields_of_its_enterprise(world):
    enterprise_services.enterprise_update(
        by=world.user("regulator"), enterprise=world.enterprise_a, data={"employee_count": 77}
    )
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).employee_count == 77


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+86 138 0013 8000", "13800138000"),
        ("0086-13800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("0352 - 6012345", "0352-6012345"),
        ("（0352）6012345", "03526012345"),
    ],
)
def test_phone_numbers_are_cleaned_before_they_are_checked(typed, stored):
    assert normalise_phone(typed) == stored


def test_service_stores_a_pasted_phone_in_its_clean_form(world):
    enterprise_services.enterprise_update(
        by=world.user("coordinator"),
        enterprise=world.enterprise_a,
        data={"principal_phone": "+86 139 1234 5678"},
    )
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).principal_phone == "13912345678"


@pytest.mark.parametrize(("role", "shown"), [("coordinator", True), ("enterprise_employee", False)])
def test_enterprise_history_is_shown_only_to_roles_that_read_the_audit_log(
    world, client, role, shown
):
    client.force_login(world.user(role))
    response = client.get(reverse("core:enterprise_detail", args=[world.enterprise_a.pk]))
    assert response.status_code == 200
    assert ("变更记录" in response.content.decode()) is shown


@pytest.mark.django_db(transaction=True)
def test_audited_write_outside_a_transaction_is_refused_before_anything_is_saved(world):
    user = UserFactory.build(username="loose")
    with pytest.raises(RuntimeError, match="transaction"):
        create_audited(by=None, obj=user, action="user.create")
    assert not type(user).objects.filter(username="loose").exists()
    with transaction.atomic():
        create_audited(by=None, obj=UserFactory.build(username="bound"), action="user.create")
    assert type(user).objects.filter(username="bound").exists()


def test_anonymous_api_call_gets_401_with_a_challenge(db):
    response = APIClient().get("/api/enterprises/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
