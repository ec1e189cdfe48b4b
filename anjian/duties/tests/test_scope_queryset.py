"""Obligations reach departments through their units: one SQL statement, each row once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anjian.core.roles import Role
from anjian.core.tests.factories import RoleAssignmentFactory
from anjian.duties.models import Indicator, Obligation, Occurrence

pytestmark = pytest.mark.django_db


def numbers(user):
    return sorted(Obligation.objects.visible_to(user).values_list("number", flat=True))


def test_a_department_sees_the_tasks_it_leads_or_supports(duties):
    assert numbers(duties.world.user("regulator")) == [1, 2, 4]  # 4 as support
    assert numbers(duties.other_staff) == [2, 4]
    assert numbers(duties.world.user("coordinator")) == [1, 2, 3, 4, 5]


def test_two_department_assignments_see_each_shared_task_once(duties):
    staff = duties.world.user("regulator")
    RoleAssignmentFactory(user=staff, role=Role.REGULATOR, department=duties.world.dept_a_other)
    fresh = type(staff).objects.get(pk=staff.pk)  # assignments are cached per user object
    assert numbers(fresh) == [1, 2, 4]


def test_the_scope_filter_is_one_statement(duties):
    staff = duties.world.user("regulator")
    list(Obligation.objects.visible_to(staff))  # loads the assignments once
    with CaptureQueriesContext(connection) as ctx:
        list(Obligation.objects.visible_to(staff))
        list(Indicator.objects.visible_to(staff, "change"))
    assert len(ctx.captured_queries) == 2


def test_periods_belong_to_one_department_each(duties):
    staff = duties.world.user("regulator")
    departments = set(Occurrence.objects.visible_to(staff).values_list("department", flat=True))
    assert departments == {duties.world.dept_a.pk}


@pytest.mark.parametrize("role", ["enterprise_manager", "enterprise_employee"])
def test_enterprise_roles_see_nothing(duties, role):
    assert not Obligation.objects.visible_to(duties.world.user(role)).exists()
    assert not Occurrence.objects.visible_to(duties.world.user(role)).exists()
