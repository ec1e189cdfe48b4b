"""The statistics and 动态清零 API: the same figures as the pages, scoped, with fixed queries."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from anjian.core.models import RegionLevel
from anjian.core.roles import Role
from anjian.core.tests.factories import EnterpriseFactory, RegionFactory, UserFactory
from anjian.hazards.models import HazardLevel
from anjian.hazards.tests.test_statistics import (
    FIGURES,
    Ledger,
    aged,
    build_ledger,
    by_name,
    query,
    report,
    user_on,
)

STATISTICS = "/api/hazard-statistics/"
CLEARANCE = "/api/hazard-clearance/"
CLEARANCE_BY_REGION = "/api/hazard-clearance/by-region/"
ENDPOINTS = (STATISTICS, CLEARANCE, CLEARANCE_BY_REGION)


@pytest.fixture
def ledger(world) -> Ledger:
    return build_ledger(world)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def figures(row) -> tuple:
    return tuple(row[k] for k in FIGURES)


def test_statistics_endpoint_returns_the_page_figures(ledger):
    response = api(ledger.world.user(Role.LEADER)).get(STATISTICS, query())
    assert response.status_code == 200
    data = response.json()
    assert data["root"]["name"] == "甲县"
    assert figures(data["totals"]) == (4, 1, 2, 25.0, 2, 3, 1)
    regions = by_name(data["by_region"])
    assert figures(regions["甲一镇"]) == (2, 1, 2, 50.0, 1, 2, 1)
    assert figures(by_name(data["by_sector"])["商贸"]) == (1, 0, 0, 0.0, 1, 0, 0)


def test_statistics_endpoint_filters(ledger):
    client = api(ledger.world.user(Role.COORDINATOR))
    major = client.get(STATISTICS, {**query(), "level": HazardLevel.MAJOR}).json()
    assert major["totals"]["found"] == 2
    town = client.get(STATISTICS, {**query(), "region": ledger.world.town_a1.pk}).json()
    assert [r["name"] for r in town["by_region"]] == ["甲一镇(本级)"]


def test_statistics_endpoint_names_the_bad_parameter(ledger):
    client = api(ledger.world.user(Role.COORDINATOR))
    response = client.get(STATISTICS, {"start": "2026-05-02", "end": "2026-05-01"})
    assert response.status_code == 400 and "end" in response.json()
    response = client.get(STATISTICS, {"level": "extreme"})
    assert response.status_code == 400 and "level" in response.json()


def test_clearance_lists_open_major_hazards_oldest_first_with_age_and_flags(ledger):
    response = api(ledger.world.user(Role.COORDINATOR)).get(CLEARANCE)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [ledger.listed.pk, ledger.major.pk, ledger.county_level.pk]
    assert [r["age_days"] for r in rows] == [100, 5, 2]
    assert [(r["overdue"], r["is_listed"]) for r in rows] == [
        (True, True),
        (False, False),
        (False, False),
    ]


def test_clearance_counts_by_region(ledger):
    data = api(ledger.world.user(Role.COORDINATOR)).get(CLEARANCE_BY_REGION).json()
    rows = by_name(data["by_region"])
    assert (rows["甲一镇"]["open_major"], rows["甲一镇"]["overdue"], rows["甲一镇"]["listed"]) == (
        2,
        1,
        1,
    )
    assert rows["甲一镇"]["oldest_days"] == 100
    assert rows["甲二镇"]["open_major"] == 0 and rows["甲二镇"]["oldest_days"] is None
    assert rows["甲县(本级)"]["open_major"] == 1
    assert data["totals"] == {"open_major": 3, "overdue": 1, "listed": 1}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_county_b_hazards_are_never_in_county_a_answers(ledger, endpoint):
    for role in (Role.COORDINATOR, Role.LEADER, Role.REGULATOR, Role.ENTERPRISE_MANAGER):
        text = api(ledger.world.user(role)).get(endpoint, query()).content.decode()
        assert "乙" not in text and f'"id":{ledger.outside.pk},' not in text


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_region_outside_the_callers_area_is_404(ledger, endpoint):
    client = api(ledger.world.user(Role.COORDINATOR))
    assert client.get(endpoint, {"region": ledger.world.county_b.pk}).status_code == 404
    assert client.get(endpoint, {"region": 999_999_999}).status_code == 404


def test_an_outside_user_gets_only_county_b(ledger):
    client = api(user_on(Role.COORDINATOR, region=ledger.world.county_b))
    assert client.get(STATISTICS, query()).json()["totals"]["found"] == 1
    assert [r["id"] for r in client.get(CLEARANCE).json()["results"]] == [ledger.outside.pk]
    counts = client.get(CLEARANCE_BY_REGION).json()
    assert [r["name"] for r in counts["by_region"]] == ["乙一镇"]
    assert client.get(CLEARANCE, {"region": ledger.world.town_a1.pk}).status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoints_need_authentication_and_a_role(ledger, endpoint):
    assert APIClient().get(endpoint).status_code == 401
    assert api(UserFactory()).get(endpoint).status_code == 403


def test_an_employee_sees_the_figures_of_their_enterprise_only(ledger):
    client = api(ledger.world.user(Role.ENTERPRISE_EMPLOYEE))
    data = client.get(STATISTICS, query()).json()
    assert data["root"]["name"] == "甲一镇" and data["totals"]["found"] == 2
    assert len(client.get(CLEARANCE).json()["results"]) == 2


def grow(ledger: Ledger, n: int) -> None:
    """n more open major hazards in n new towns of county A, and some closed ones."""
    world = ledger.world
    for i in range(n):
        town = RegionFactory(
            code=f"99010120{i}", name=f"甲新{i}镇", level=RegionLevel.TOWN, parent=world.county_a
        )
        enterprise = EnterpriseFactory(region=town, sector=world.enterprise_a.sector)
        report(enterprise, found_days_ago=4 + i, level=HazardLevel.MAJOR)
        aged(enterprise, found_days_ago=8, status="closed", closed_at=None)


# session auth (none here: force_authenticate), assignments, root children, the GROUP BYs;
# the list: the bounded count and one page with its joins.
QUERIES = {STATISTICS: 4, CLEARANCE: 3, CLEARANCE_BY_REGION: 3}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_runs_a_fixed_number_of_queries(ledger, endpoint, django_assert_num_queries):
    user = ledger.world.user(Role.COORDINATOR)
    with django_assert_num_queries(QUERIES[endpoint]):
        assert api(user).get(endpoint, query()).status_code == 200
    grow(ledger, 6)
    user = type(user).objects.get(pk=user.pk)  # a fresh user: assignments are read again
    with django_assert_num_queries(QUERIES[endpoint]):
        assert api(user).get(endpoint, query()).status_code == 200


def test_the_schema_documents_the_endpoints_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    for path in ENDPOINTS:
        assert f"{path}:" in text
    assert "HazardStatistics" in text and "HazardClearanceRow" in text
