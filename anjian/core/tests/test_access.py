"""Object access: ``allows`` on a loaded row answers exactly as the SQL scope does, with no
query; ``get`` is 404 outside scope and 403 inside without the right."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from anjian.core.access import ENTERPRISE, GOVERNMENT, access_for
from anjian.core.errors import OutOfScope, PermissionDenied
from anjian.core.models import AuditEvent, Department, Enterprise, Region, User
from anjian.core.roles import Role
from anjian.core.tests.factories import RoleAssignmentFactory, UserFactory
from anjian.core.tests.scenarios import audit_events_in_both_counties
from conftest import ROLES

MODELS = [Region, Department, Enterprise, User, AuditEvent]
ACTIONS = ["view", "change", "add", "import", "enterprise.change"]


def assert_allows_matches_scope(user, model, actions=ACTIONS, kinds=None) -> None:
    """For every row and action: ``allows`` in Python == membership in the SQL scope."""
    access = access_for(user)
    rows = list(model._default_manager.all())
    for action in actions:
        in_sql = set(access.scope(model, action, kinds).values_list("pk", flat=True))
        in_python = {row.pk for row in rows if access.allows(action, row, kinds)}
        assert in_python == in_sql, (user.username, model.__name__, action, kinds)


@pytest.fixture
def mixed(world):
    """Extra users holding roles on a town without descendants, on two anchors at once."""
    audit_events_in_both_counties(world)
    town_only = UserFactory(username="town_only", region=world.town_a1)
    RoleAssignmentFactory(
        user=town_only, role=Role.COORDINATOR, region=world.town_a1, include_descendants=False
    )
    both = UserFactory(username="both", region=world.county_b)
    RoleAssignmentFactory(user=both, role=Role.REGULATOR, department=world.dept_b)
    RoleAssignmentFactory(user=both, role=Role.ENTERPRISE_MANAGER, enterprise=world.enterprise_a)
    return [*(world.user(r) for r in ROLES), town_only, both]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_allows_on_a_loaded_row_agrees_with_the_sql_scope(mixed, model):
    for user in mixed:
        fresh = User.objects.get(pk=user.pk)
        assert_allows_matches_scope(fresh, model)
        assert_allows_matches_scope(fresh, model, ["view", "change"], kinds=ENTERPRISE)
        assert_allows_matches_scope(fresh, model, ["view", "change"], kinds=GOVERNMENT)


def test_allows_asks_the_database_nothing_once_assignments_and_paths_are_loaded(world):
    user = User.objects.get(pk=world.user("regulator").pk)
    enterprises = list(Enterprise.objects.select_related("region"))
    access = access_for(user)
    access.allows("view", enterprises[0])  # loads the assignments once
    with CaptureQueriesContext(connection) as ctx:
        answers = [access.allows(a, e) for e in enterprises for a in ("view", "change")]
    assert ctx.captured_queries == []
    assert any(answers) and not all(answers)


def test_get_is_404_outside_then_403_without_the_right_then_the_row(world):
    employee = access_for(world.user("enterprise_employee"))
    with pytest.raises(Http404):
        employee.get(Enterprise, pk=world.enterprise_b.pk)
    with pytest.raises(PermissionDenied):
        employee.get(Enterprise, "change", pk=world.enterprise_a.pk)
    manager = access_for(world.user("enterprise_manager"))
    assert manager.get(Enterprise, "change", pk=world.enterprise_a.pk) == world.enterprise_a
    with pytest.raises(Http404):
        manager.get(Enterprise, pk="not a number")


def test_require_names_the_refusal_for_services(world):
    employee = access_for(world.user("enterprise_employee"))
    with pytest.raises(OutOfScope):
        employee.require("change", world.enterprise_b)
    with pytest.raises(PermissionDenied, match="不能改"):
        employee.require("change", world.enterprise_a, "不能改")
    access_for(None).require("change", world.enterprise_b)  # the platform itself


def test_an_unsaved_row_is_judged_by_its_anchors(world):
    """An import checks rows before inserting them: the same answer as after the insert."""
    regulator = access_for(world.user("regulator"))
    inside = Enterprise(
        region=world.town_a1, supervising_department=world.dept_a, sector=world.enterprise_a.sector
    )
    outside = Enterprise(
        region=world.town_b1, supervising_department=world.dept_b, sector=world.enterprise_b.sector
    )
    assert regulator.allows("add", inside) and not regulator.allows("add", outside)


def test_inactive_and_anonymous_users_reach_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    coordinator = world.user("coordinator")
    coordinator.is_active = False
    assert not access_for(coordinator).allows("view", world.enterprise_a)
    assert access_for(AnonymousUser()).scope(Enterprise).count() == 0
    assert not access_for(AnonymousUser()).holds("enterprise.view")
