"""List endpoints run a fixed number of queries whatever the page holds; counts stop at a bound."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from anjian.core.models import DepartmentAlias, RegionLevel, User
from anjian.core.pagination import BoundedPaginator
from anjian.core.services import enterprises as enterprise_services
from anjian.core.tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    RegionFactory,
    RoleAssignmentFactory,
    SectorFactory,
    UserFactory,
)

MAX_QUERIES = 6  # auth and scope, count, page, prefetches


def add_enterprises(world, n: int) -> None:
    for _ in range(n):
        EnterpriseFactory(
            region=world.town_a1,
            sector=world.enterprise_a.sector,
            supervising_department=world.dept_a,
            responsible_inspector=world.enterprise_a.responsible_inspector,
        )


def add_departments(world, n: int) -> None:
    for i in range(n):
        department = DepartmentFactory(region=world.county_a)
        department.sectors.set([world.enterprise_a.sector])
        DepartmentAlias.objects.create(department=department, name=f"别名{i}")


def add_regions(world, n: int) -> None:
    start = RegionFactory._meta.model.objects.count()
    for i in range(n):
        RegionFactory(
            code=f"990101{500 + start + i}", level=RegionLevel.TOWN, parent=world.county_a
        )


def add_users(world, n: int) -> None:
    for _ in range(n):
        user = UserFactory(region=world.county_a, department=world.dept_a)
        RoleAssignmentFactory(user=user, role="inspector", department=world.dept_a)


def add_audit_events(world, n: int) -> None:
    for _ in range(n):
        enterprise = world.enterprise_a
        enterprise_services.enterprise_update(
            by=None, enterprise=enterprise, data={"employee_count": enterprise.employee_count + 1}
        )
        enterprise.refresh_from_db()


def add_sectors(world, n: int) -> None:
    for _ in range(n):
        SectorFactory()


GROWERS = {
    "enterprises": add_enterprises,
    "departments": add_departments,
    "regions": add_regions,
    "users": add_users,
    "audit-events": add_audit_events,
    "sectors": add_sectors,
}


def rows_of(response) -> list:
    return response.data["results"] if isinstance(response.data, dict) else response.data


def queries_for_list(user_pk: int, path: str) -> tuple[int, int]:
    """Queries one list request costs a freshly loaded user, and the rows it returned."""
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user_pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/{path}/", {"page_size": 100})
    assert response.status_code == 200, response.data
    return len(ctx.captured_queries), len(rows_of(response))


# A region-anchored and a department-anchored reader of every list (regulators have no audit).
CASES = [
    (role, path)
    for role in ("system_admin", "regulator")
    for path in GROWERS
    if (role, path) != ("regulator", "audit-events")
]


@pytest.mark.parametrize(("role", "path"), CASES)
def test_list_endpoint_query_count_does_not_grow_with_rows(world, role, path):
    grow = GROWERS[path]
    user = world.user(role)
    grow(world, 3)
    few, few_rows = queries_for_list(user.pk, path)
    grow(world, 27)
    many, many_rows = queries_for_list(user.pk, path)
    assert many_rows >= few_rows + 27
    assert many == few <= MAX_QUERIES


@pytest.mark.parametrize(
    "url_name", ["core:enterprise_list", "core:department_list", "core:user_list"]
)
def test_list_page_query_count_does_not_grow_with_rows(world, url_name):
    client = Client()
    client.force_login(world.user("system_admin"))
    grow = GROWERS[url_name.split(":")[1].replace("_list", "s")]

    def cost() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx.captured_queries)

    grow(world, 3)
    few = cost()
    grow(world, 20)
    assert cost() == few


@pytest.fixture
def bound_of_five(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "count_bound", 5)


def test_count_stops_at_the_bound_and_says_it_is_not_exact(world, bound_of_five):
    add_enterprises(world, 6)  # county A now holds 8
    client = APIClient()
    client.force_authenticate(world.user("coordinator"))
    response = client.get("/api/enterprises/")
    assert response.status_code == 200
    assert response.data["count"] == 5
    assert response.data["count_exact"] is False
    assert len(response.data["results"]) == 8  # the page itself is not cut at the bound


def test_count_under_the_bound_is_exact(world, bound_of_five):
    add_enterprises(world, 2)  # county A now holds 4
    client = APIClient()
    client.force_authenticate(world.user("coordinator"))
    response = client.get("/api/enterprises/")
    assert (response.data["count"], response.data["count_exact"]) == (4, True)
    assert len(response.data["results"]) == 4


def test_bounded_count_query_never_counts_past_the_bound(world, bound_of_five):
    add_enterprises(world, 6)
    client = APIClient()
    client.force_authenticate(world.user("coordinator"))
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/enterprises/")
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 6" in counts[0]


def test_list_page_shows_the_bound_with_a_plus_when_there_are_more(world, bound_of_five):
    add_enterprises(world, 6)
    client = Client()
    client.force_login(world.user("coordinator"))
    response = client.get(reverse("core:enterprise_list"))
    assert "超过 5 条" in response.content.decode()


def test_pages_past_the_count_bound_can_still_be_walked_to_the_end(world, bound_of_five):
    add_enterprises(world, 6)  # county A now holds 8: more than the bound of 5
    client = APIClient()
    client.force_authenticate(world.user("coordinator"))
    seen, url, pages = [], "/api/enterprises/?page_size=3", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert response.data["count_exact"] is False
        seen += [row["id"] for row in response.data["results"]]
        url, pages = response.data["next"], pages + 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 8
    assert client.get("/api/enterprises/?page_size=3&page=4").status_code == 404
