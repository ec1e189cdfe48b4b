"""Core services: scope re-checked in the transaction, 一张网 rules, one audit event per change."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from anjian.core import audit
from anjian.core.errors import OutOfScope
from anjian.core.models import AuditEvent, Department, Enterprise, RoleAssignment, User
from anjian.core.services import departments as department_services
from anjian.core.services import enterprises as enterprise_services
from anjian.core.services import reference
from anjian.core.services import users as user_services
from anjian.core.tests.scenarios import enterprise_payload


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=since).order_by("seq"))


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


# ---- scope, re-checked inside the transaction -----------------------------------------


def test_coordinator_creating_an_enterprise_in_another_county_is_refused_leaving_no_trace(world):
    start = head()
    data = enterprise_payload(world, inside=False, as_ids=False)
    with pytest.raises(PermissionDenied, match="管辖范围之外"):
        enterprise_services.enterprise_create(by=world.user("coordinator"), data=data)
    assert not Enterprise.objects.filter(credit_code=data["credit_code"]).exists()
    assert new_events(start) == []


def test_regulator_cannot_register_an_enterprise_another_department_supervises(world):
    data = enterprise_payload(world, as_ids=False)
    data.update(
        sector=world.enterprise_a2.sector,
        supervising_department=world.dept_a_other,
        responsible_inspector=world.enterprise_a2.responsible_inspector,
    )
    with pytest.raises(PermissionDenied):
        enterprise_services.enterprise_create(by=world.user("regulator"), data=data)
    assert not Enterprise.objects.filter(credit_code=data["credit_code"]).exists()


def test_update_moving_an_enterprise_out_of_the_users_county_is_refused(world):
    start = head()
    b = world.enterprise_b
    with pytest.raises(PermissionDenied, match="超出您的管辖范围"):
        enterprise_services.enterprise_update(
            by=world.user("coordinator"),
            enterprise=world.enterprise_a,
            data={
                "region": b.region,
                "supervising_department": b.supervising_department,
                "responsible_inspector": b.responsible_inspector,
            },
        )
    row = Enterprise.objects.get(pk=world.enterprise_a.pk)
    assert (row.region, row.version) == (world.town_a1, 1)
    assert new_events(start) == []


def test_regulator_cannot_hand_an_enterprise_over_out_of_its_own_scope(world):
    a2 = world.enterprise_a2
    with pytest.raises(PermissionDenied):
        enterprise_services.enterprise_update(
            by=world.user("regulator"),
            enterprise=world.enterprise_a,
            data={
                "sector": a2.sector,
                "supervising_department": a2.supervising_department,
                "responsible_inspector": a2.responsible_inspector,
            },
        )
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).supervising_department == world.dept_a


def test_updating_an_enterprise_outside_scope_is_out_of_scope_not_forbidden(world):
    with pytest.raises(OutOfScope):
        enterprise_services.enterprise_update(
            by=world.user("coordinator"), enterprise=world.enterprise_b, data={"employee_count": 1}
        )


@pytest.mark.parametrize("role", ["leader", "inspector", "enterprise_employee"])
def test_role_that_may_only_view_cannot_update(world, role):
    with pytest.raises(PermissionDenied):
        enterprise_services.enterprise_update(
            by=world.user(role), enterprise=world.enterprise_a, data={"employee_count": 1}
        )


def test_enterprise_manager_may_change_only_self_editable_fields(world):
    manager = world.user("enterprise_manager")
    enterprise_services.enterprise_update(
        by=manager, enterprise=world.enterprise_a, data={"principal_phone": "13700137000"}
    )
    with pytest.raises(PermissionDenied, match="行业监管部门"):
        enterprise_services.enterprise_update(
            by=manager,
            enterprise=world.enterprise_a,
            data={"supervising_department": world.dept_a_other},
        )


def test_unknown_or_read_only_fields_are_refused_by_name(world):
    with pytest.raises(ValidationError) as caught:
        enterprise_services.enterprise_update(
            by=None, enterprise=world.enterprise_a, data={"is_demo": True, "colour": "red"}
        )
    assert set(caught.value.message_dict) == {"is_demo", "colour"}


# ---- 一张网 rules in Enterprise.clean --------------------------------------------------


def test_department_of_another_county_cannot_supervise_an_enterprise(world):
    data = enterprise_payload(world, as_ids=False)
    data["supervising_department"] = world.dept_b
    with pytest.raises(ValidationError) as caught:
        enterprise_services.enterprise_create(by=world.user("coordinator"), data=data)
    message = caught.value.message_dict["supervising_department"][0]
    assert "乙县应急管理局" in message and "不能监管" in message


def test_responsible_inspector_must_be_staff_of_the_supervising_department(world):
    data = enterprise_payload(world, as_ids=False)
    data["responsible_inspector"] = world.enterprise_a2.responsible_inspector
    with pytest.raises(ValidationError) as caught:
        enterprise_services.enterprise_create(by=world.user("coordinator"), data=data)
    message = caught.value.message_dict["responsible_inspector"][0]
    assert "不是“甲县应急管理局”的工作人员" in message


def test_a_county_department_may_supervise_an_enterprise_in_one_of_its_towns(world):
    enterprise = Enterprise(**enterprise_payload(world, as_ids=False))
    enterprise.full_clean()  # town_a1 lies under dept_a's county


def test_licence_expiry_without_licence_number_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        enterprise_services.enterprise_update(
            by=None, enterprise=world.enterprise_a, data={"licence_expiry": dt.date(2030, 1, 1)}
        )
    assert "licence_number" in caught.value.message_dict


# ---- one audit event per change, with before and after --------------------------------


def test_enterprise_create_appends_one_event_with_the_new_state(world):
    start = head()
    coordinator = world.user("coordinator")
    enterprise = enterprise_services.enterprise_create(
        by=coordinator, data=enterprise_payload(world, as_ids=False)
    )
    [event] = new_events(start)
    assert (event.action, event.actor, event.region) == (
        "enterprise.create",
        coordinator,
        world.town_a1,
    )
    assert event.before is None
    assert event.after["name"] == enterprise.name and event.after["version"] == 1
    assert "created_at" not in event.after


def test_enterprise_update_appends_one_event_with_before_and_after(world):
    start = head()
    enterprise_services.enterprise_update(
        by=world.user("regulator"), enterprise=world.enterprise_a, data={"employee_count": 99}
    )
    [event] = new_events(start)
    changed = {k for k in event.after if event.before.get(k) != event.after[k]}
    assert changed == {"employee_count", "version"}
    assert (event.before["employee_count"], event.after["employee_count"]) == (20, 99)


def test_enterprise_update_that_changes_nothing_appends_nothing(world):
    start = head()
    enterprise_services.enterprise_update(
        by=None, enterprise=world.enterprise_a, data={"employee_count": 20}
    )
    assert new_events(start) == []
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).version == 1


def test_user_create_appends_one_event_without_the_password(world):
    start = head()
    user = user_services.user_create(
        by=world.user("system_admin"),
        username="new_inspector",
        password="Anjian-long-passphrase-7",
        department=world.dept_a,
    )
    [event] = new_events(start)
    assert (event.action, event.object_id) == ("user.create", str(user.pk))
    assert "password" not in event.after and event.after["department_id"] == world.dept_a.pk
    assert user.region == world.county_a and user.check_password("Anjian-long-passphrase-7")


def test_coordinator_may_not_create_logins(world):
    with pytest.raises(PermissionDenied):
        user_services.user_create(
            by=world.user("coordinator"),
            username="x",
            password="Anjian-long-passphrase-7",
            region=world.county_a,
        )
    assert not User.objects.filter(username="x").exists()


def test_role_grant_and_revoke_each_append_one_event(world):
    admin = world.user("system_admin")
    inspector = world.enterprise_a.responsible_inspector
    start = head()
    assignment = user_services.role_grant(
        by=admin, user=inspector, role="inspector", department=world.dept_a
    )
    user_services.role_revoke(by=admin, assignment=assignment)
    grant, revoke = new_events(start)
    assert (grant.action, grant.before, grant.after["role"]) == (
        "user.role_grant",
        None,
        "inspector",
    )
    assert (revoke.action, revoke.after, revoke.before["role"]) == (
        "user.role_revoke",
        None,
        "inspector",
    )
    assert grant.object_id == revoke.object_id == str(assignment.pk)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_role_grant_on_an_anchor_outside_scope_is_refused(world):
    inspector = world.enterprise_a.responsible_inspector
    with pytest.raises(OutOfScope):
        user_services.role_grant(
            by=world.user("system_admin"), user=inspector, role="leader", region=world.county_b
        )
    assert not RoleAssignment.objects.filter(user=inspector).exists()


def test_role_grant_on_the_wrong_kind_of_anchor_is_refused_in_chinese(world):
    with pytest.raises(ValidationError, match="只能授予在"):
        user_services.role_grant(
            by=world.user("system_admin"),
            user=world.enterprise_a.responsible_inspector,
            role="inspector",
            region=world.county_a,
        )


def test_coordinator_may_not_grant_roles(world):
    with pytest.raises(PermissionDenied):
        user_services.role_grant(
            by=world.user("coordinator"),
            user=world.enterprise_a.responsible_inspector,
            role="inspector",
            department=world.dept_a,
        )


def test_department_create_appends_one_event_per_object(world):
    start = head()
    department = department_services.department_create(
        by=world.user("coordinator"),
        data={"region": world.town_a1, "name": "甲一镇人民政府", "kind": "government"},
        sectors=[world.enterprise_a.sector],
        aliases=["甲一镇政府", "镇政府"],
    )
    events = new_events(start)
    assert [e.action for e in events] == [
        "department.create",
        "department.alias_add",
        "department.alias_add",
    ]
    assert events[0].after["sectors"] == [world.enterprise_a.sector.pk]
    assert {e.region_id for e in events} == {world.town_a1.pk}
    assert department.aliases.count() == 2


def test_department_create_in_another_county_is_refused(world):
    with pytest.raises(PermissionDenied):
        department_services.department_create(
            by=world.user("coordinator"),
            data={"region": world.county_b, "name": "乙县住建局", "kind": "industry_regulator"},
        )
    assert not Department.objects.filter(name="乙县住建局").exists()


def test_department_update_moving_it_out_of_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        department_services.department_update(
            by=world.user("coordinator"),
            department=world.dept_a_other,
            data={"region": world.county_b},
        )
    assert Department.objects.get(pk=world.dept_a_other.pk).region == world.county_a


def test_a_department_name_taken_in_its_region_is_a_form_error_not_a_500(world):
    # The unique (region, name) constraint is stopped by the insert, not the check before it
    # (the region is a loaded row): the service explains it instead of failing.
    start = head()
    with pytest.raises(ValidationError):
        department_services.department_create(
            by=world.user("coordinator"),
            data={"region": world.dept_a.region, "name": world.dept_a.name, "kind": "emergency"},
        )
    assert Department.objects.filter(name=world.dept_a.name).count() == 1
    assert new_events(start) == []


def test_regulator_may_not_create_departments(world):
    with pytest.raises(PermissionDenied):
        department_services.department_create(
            by=world.user("regulator"),
            data={"region": world.county_a, "name": "甲县交通运输局", "kind": "industry_regulator"},
        )


# ---- reference data and demo data are idempotent ---------------------------------------


def test_load_reference_twice_changes_nothing_the_second_time(db):
    first = StringIO()
    call_command("load_reference", stdout=first)
    events = AuditEvent.objects.count()
    assert events > 0 and "changed" in first.getvalue()
    second = StringIO()
    call_command("load_reference", stdout=second)
    assert AuditEvent.objects.count() == events
    assert second.getvalue().count("unchanged") == len(reference.REGISTRY)
    call_command("load_reference", "--force", stdout=StringIO())
    assert AuditEvent.objects.count() == events


def test_demo_twice_creates_nothing_the_second_time_and_is_fully_audited(db):
    call_command("load_reference", stdout=StringIO())
    first = StringIO()
    call_command("demo", stdout=first)
    assert "demo data created" in first.getvalue()
    counts = (AuditEvent.objects.count(), Enterprise.objects.count(), User.objects.count())
    second = StringIO()
    call_command("demo", stdout=second)
    assert "nothing changed" in second.getvalue()
    assert (AuditEvent.objects.count(), Enterprise.objects.count(), User.objects.count()) == counts
    assert audit.verify_chain().ok
    assert list(audit.verify_state()) == []
