"""visible_to is one SQL query; a region subtree is an indexed path prefix, never a list of ids."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anjian.core.access import access_for
from anjian.core.models import AuditEvent, Department, Enterprise, Region, RegionLevel, User
from anjian.core.tests.factories import EnterpriseFactory, RegionFactory
from anjian.core.tests.scenarios import can
from conftest import ROLES

SCOPED_MODELS = [Region, Department, Enterprise, User, AuditEvent]


@pytest.fixture
def big_county(world):
    """County A with 30 more towns and an enterprise in each: an id list would show."""
    for n in range(30):
        town = RegionFactory(
            code=f"990101{200 + n}",
            name=f"甲县新镇{n}",
            level=RegionLevel.TOWN,
            parent=world.county_a,
        )
        EnterpriseFactory(
            region=town,
            sector=world.enterprise_a.sector,
            supervising_department=world.dept_a,
            responsible_inspector=world.enterprise_a.responsible_inspector,
        )
    return world


def sql_of(qs) -> str:
    return str(qs.query)


def test_coordinator_scope_on_enterprises_is_a_like_prefix_on_the_region_path(big_county):
    sql = sql_of(Enterprise.objects.visible_to(big_county.user("coordinator")))
    assert "LIKE" in sql
    assert f"{big_county.county_a.path}%" in sql
    assert " IN (" not in sql


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_region_anchored_scope_never_lists_region_ids(big_county, model):
    user = big_county.user("system_admin")
    sql = sql_of(model.objects.visible_to(user))
    assert f"{big_county.county_a.path}%" in sql
    assert " IN (" not in sql


def test_department_scope_is_its_own_rows_or_its_sectors_under_its_region_prefix(big_county):
    sql = sql_of(Enterprise.objects.visible_to(big_county.user("regulator")))
    assert f"{big_county.county_a.path}%" in sql
    assert "supervising_department_id" in sql
    assert "sector_id" in sql


def test_region_assignment_without_descendants_is_an_equality_not_a_prefix(world):
    assignment = world.user("leader").role_assignments.get()
    assignment.include_descendants = False
    assignment.region = world.town_a1
    assignment.save()
    leader = User.objects.get(pk=world.user("leader").pk)
    qs = Enterprise.objects.visible_to(leader)
    assert "LIKE" not in sql_of(qs)
    assert set(qs) == {world.enterprise_a}
    assert set(Region.objects.visible_to(leader)) == {world.town_a1}


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_visible_to_is_one_query_or_none_at_all_without_the_view_right(big_county, role, model):
    user = big_county.user(role)
    assert access_for(user).assignments is not None  # loaded once per request
    with CaptureQueriesContext(connection) as ctx:
        rows = list(model.objects.visible_to(user))
    may_view = can(role, f"{model._meta.model_name}.view")
    assert len(ctx.captured_queries) == (1 if may_view else 0)
    assert may_view or rows == []
    assert len(rows) == model.objects.visible_to(user).count()


@pytest.mark.parametrize("role", ROLES)
def test_loading_a_users_scope_costs_the_same_whatever_the_size_of_the_subtree(world, role):
    def cost() -> int:
        fresh = User.objects.get(pk=world.user(role).pk)
        with CaptureQueriesContext(connection) as ctx:
            list(Enterprise.objects.visible_to(fresh))
        return len(ctx.captured_queries)

    small = cost()
    for n in range(10):
        RegionFactory(code=f"990101{300 + n}", level=RegionLevel.TOWN, parent=world.county_a)
    assert cost() == small <= 3


def test_region_path_prefix_index_answers_the_subtree_query_on_postgresql(big_county):
    if connection.vendor != "postgresql":
        pytest.skip("the varchar_pattern_ops index and EXPLAIN output are PostgreSQL's")
    qs = Region.objects.filter(path__startswith=big_county.county_a.path)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    try:
        plan = qs.explain()
        scoped_plan = Region.objects.visible_to(big_county.user("coordinator")).explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    assert "region_path_prefix" in plan, plan
    assert "region_path_prefix" in scoped_plan, scoped_plan
