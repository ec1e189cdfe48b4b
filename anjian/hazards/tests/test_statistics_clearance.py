"""动态清零 page and export: open major hazards by age, overdue and listed, counts per region."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from anjian.core.roles import Role
from anjian.core.tests.factories import UserFactory
from anjian.hazards.models import Hazard
from anjian.hazards.services import hazards as services
from anjian.hazards.stats.selectors import clearance_by_region, open_major, statistics_root
from anjian.hazards.tests.test_statistics import Ledger, build_ledger, by_name, user_on

PAGE = "hazard_stats:clearance"
EXPORT = "hazard_stats:clearance_export"


@pytest.fixture
def ledger(world) -> Ledger:
    return build_ledger(world)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_open_major_hazards_oldest_first_and_closing_one_removes_it(ledger):
    user = ledger.world.user(Role.COORDINATOR)
    qs = Hazard.objects.visible_to(user)
    assert list(open_major(qs)) == [ledger.listed, ledger.major, ledger.county_level]
    major = services.hazard_start(by=None, hazard=ledger.major)
    assert major.status == "rectifying"
    Hazard.objects.filter(pk=ledger.county_level.pk).update(status="closed")
    assert list(open_major(qs)) == [ledger.listed, ledger.major]
    counts = clearance_by_region(qs, root=statistics_root(user))
    assert counts["totals"] == {"open_major": 2, "overdue": 1, "listed": 1}
    assert "甲县(本级)" not in by_name(counts["by_region"])  # 清零 at county level


def test_clearance_page_shows_counts_and_rows_with_flags(ledger):
    response = signed_in(ledger.world.user(Role.LEADER)).get(reverse(PAGE))
    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [(h.pk, h.age_days, h.overdue, h.is_listed) for h in rows] == [
        (ledger.listed.pk, 100, True, True),
        (ledger.major.pk, 5, False, False),
        (ledger.county_level.pk, 2, False, False),
    ]
    counts = by_name(response.context["counts"]["by_region"])
    assert counts["甲二镇"]["open_major"] == 0
    html = response.content.decode()
    assert "已清零" in html and "挂牌督办" in html and "乙一化工" not in html


def test_clearance_page_by_region_and_outside(ledger):
    world = ledger.world
    client = signed_in(world.user(Role.COORDINATOR))
    response = client.get(reverse(PAGE), {"region": world.town_a1.pk})
    assert [h.pk for h in response.context["object_list"]] == [ledger.listed.pk, ledger.major.pk]
    assert client.get(reverse(PAGE), {"region": world.county_b.pk}).status_code == 404
    outside = signed_in(user_on(Role.COORDINATOR, region=world.county_b))
    response = outside.get(reverse(PAGE))
    assert [h.pk for h in response.context["object_list"]] == [ledger.outside.pk]
    assert signed_in(UserFactory()).get(reverse(PAGE)).status_code == 403


def test_clearance_export_has_counts_and_the_list(ledger):
    response = signed_in(ledger.world.user(Role.COORDINATOR)).get(reverse(EXPORT))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["按区域", "重大隐患清单"]
    counts = {r[0]: r[1:] for r in workbook["按区域"].iter_rows(min_row=2, values_only=True)}
    assert counts["甲一镇"] == (2, 1, 1, 100)
    assert counts["甲二镇"] == (0, 0, 0, None)
    assert counts["合计"][:3] == (3, 1, 1)
    rows = list(workbook["重大隐患清单"].iter_rows(values_only=True))
    assert rows[0][0] == "编号" and rows[0][7] == "已存在(天)"
    assert [(r[0], r[7], r[10], r[11]) for r in rows[1:]] == [
        (ledger.listed.pk, 100, "是", "是"),
        (ledger.major.pk, 5, "否", "否"),
        (ledger.county_level.pk, 2, "否", "否"),
    ]


def test_clearance_page_runs_a_fixed_number_of_queries(ledger, django_assert_num_queries):
    client = signed_in(ledger.world.user(Role.COORDINATOR))
    client.get(reverse(PAGE))
    with django_assert_num_queries(CLEARANCE_PAGE_QUERIES):
        client.get(reverse(PAGE))
    for n in range(4):
        services.hazard_report(
            by=None,
            enterprise=ledger.world.enterprise_a2,
            source="department",
            place=f"新部位{n}",
            description="新发现的重大隐患",
            level="major",
        )
    with django_assert_num_queries(CLEARANCE_PAGE_QUERIES):
        client.get(reverse(PAGE))


# session, user, assignments, the bounded count, the page, the GROUP BY, the root's children,
# and the region and sector choices of the filter form.
CLEARANCE_PAGE_QUERIES = 9
