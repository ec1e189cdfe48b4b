"""Hazard statistics by region and sector: figures, roll-up, scope, the page and its export.

``build_ledger`` makes a small hand-counted ledger on the shared ``world`` (county A inside,
county B outside); the other test_statistics_* files use it too.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from anjian.core.models import Region, RegionLevel
from anjian.core.roles import Role
from anjian.core.tests.factories import (
    EnterpriseFactory,
    RegionFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from anjian.hazards.models import (
    Hazard,
    HazardLevel,
    HazardParameter,
    HazardPhoto,
    HazardSource,
    HazardStatus,
    PhotoStage,
)
from anjian.hazards.services import hazards as services
from anjian.hazards.stats.selectors import Period, hazard_statistics, statistics_root


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


def today() -> dt.date:
    return timezone.localdate()


def load_parameters() -> None:
    HazardParameter.objects.bulk_create(
        [
            HazardParameter(code="double_report_working_days", name="双报告", value=5, unit="日"),
            HazardParameter(code="repeat_window_months", name="重复", value=12, unit="月"),
        ]
    )


def report(enterprise, *, found_days_ago: int, level=HazardLevel.GENERAL, place="") -> Hazard:
    """Report a hazard through the service (by the platform)."""
    return services.hazard_report(
        by=None,
        enterprise=enterprise,
        source=HazardSource.DEPARTMENT,
        place=place or f"部位{found_days_ago}",
        description="检查发现的隐患",
        found_at=days_ago(found_days_ago),
        level=level,
    )


def close_through_lifecycle(hazard: Hazard) -> Hazard:
    """Assign, start, submit and close, every step through its service.

    The after photo is written straight to the table: ``hazard_photo_add`` and
    ``hazard_submit(photos=...)`` cannot audit an uploaded file yet (the audit snapshot
    does not serialise a FieldFile), which is not what these tests are about.
    """
    deadline = today() + dt.timedelta(days=7)
    hazard = services.hazard_assign(
        by=None, hazard=hazard, owner_name="李四", measures="更换阀门", deadline=deadline
    )
    hazard = services.hazard_start(by=None, hazard=hazard)
    HazardPhoto.objects.create(
        hazard=hazard, stage=PhotoStage.AFTER, image="hazards/photos/after.png", name="after.png"
    )
    hazard = services.hazard_submit(by=None, hazard=hazard, rectification_note="已更换")
    return services.hazard_close(by=None, hazard=hazard, note="验收合格")


def aged(enterprise, *, found_days_ago: int, **fields) -> Hazard:
    """An older hazard written straight to the table (the services only record the present)."""
    return Hazard.objects.create(
        enterprise=enterprise,
        region_id=enterprise.region_id,
        department_id=enterprise.supervising_department_id,
        sector_id=enterprise.sector_id,
        source=HazardSource.DEPARTMENT,
        place=fields.pop("place", f"旧部位{found_days_ago}"),
        description="早先发现的隐患",
        found_at=days_ago(found_days_ago),
        **fields,
    )


@dataclass
class Ledger:
    world: object
    county_enterprise: object
    closed: Hazard  # A1, found 10 days ago, closed today through the services
    major: Hazard  # A1, found 5 days ago, major, assigned, deadline ahead
    listed: Hazard  # A1, found 100 days ago, major, rectifying, overdue, listed
    closed_late: Hazard  # A1, found 200 days ago, closed 20 days ago
    marked_overdue: Hazard  # A2, found 30 days ago, general, overdue_since set
    old_closed: Hazard  # A2, found 400 days ago, closed 300 days ago: counted nowhere
    county_level: Hazard  # at 甲县 itself, found 2 days ago, major
    outside: Hazard  # B1, major, overdue, listed: never counted for county A


def build_ledger(world) -> Ledger:
    """Count by hand, for period [today-60, today] and county A:

    甲一镇 found 2, found_closed 1, closed 2, overdue 1, major_open 2, listed 1
    甲二镇 found 1, found_closed 0, closed 0, overdue 1, major_open 0, listed 0
    甲县(本级) found 1, major_open 1
    """
    load_parameters()
    ent_a, ent_a2, ent_b = world.enterprise_a, world.enterprise_a2, world.enterprise_b
    county_enterprise = EnterpriseFactory(
        name="甲县直属化工厂",
        region=world.county_a,
        sector=ent_a.sector,
        supervising_department=world.dept_a,
    )
    closed = close_through_lifecycle(report(ent_a, found_days_ago=10))
    major = report(ent_a, found_days_ago=5, level=HazardLevel.MAJOR)
    services.hazard_assign(
        by=None,
        hazard=major,
        owner_name="王五",
        measures="停产整改",
        deadline=today() + dt.timedelta(days=10),
    )
    listed = aged(
        ent_a,
        found_days_ago=100,
        level=HazardLevel.MAJOR,
        status=HazardStatus.RECTIFYING,
        deadline=today() - dt.timedelta(days=3),
        is_listed=True,
    )
    closed_late = aged(
        ent_a, found_days_ago=200, status=HazardStatus.CLOSED, closed_at=days_ago(20)
    )
    marked_overdue = aged(
        ent_a2,
        found_days_ago=30,
        status=HazardStatus.ASSIGNED,
        deadline=today() + dt.timedelta(days=5),
        overdue_since=today() - dt.timedelta(days=1),
    )
    old_closed = aged(
        ent_a2, found_days_ago=400, status=HazardStatus.CLOSED, closed_at=days_ago(300)
    )
    county_level = report(county_enterprise, found_days_ago=2, level=HazardLevel.MAJOR)
    outside = aged(
        ent_b,
        found_days_ago=5,
        level=HazardLevel.MAJOR,
        status=HazardStatus.RECTIFYING,
        deadline=today() - dt.timedelta(days=1),
        is_listed=True,
    )
    return Ledger(
        world,
        county_enterprise,
        closed,
        major,
        listed,
        closed_late,
        marked_overdue,
        old_closed,
        county_level,
        outside,
    )


def user_on(role: str, **anchor):
    """A user holding ``role`` on one anchor (outside users, city users…)."""
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=role, **anchor)
    return user


def period() -> Period:
    return Period(today() - dt.timedelta(days=60), today())


def query() -> dict:
    p = period()
    return {"start": f"{p.start:%Y-%m-%d}", "end": f"{p.end:%Y-%m-%d}"}


def by_name(rows) -> dict:
    return {r["name"]: r for r in rows}


FIGURES = ("found", "found_closed", "closed", "closure_rate", "overdue", "major_open", "listed")


def figures(row) -> tuple:
    return tuple(row[k] for k in FIGURES)


def stats_for(user, **kwargs) -> dict:
    root = kwargs.pop("root", statistics_root(user))
    qs = kwargs.pop("qs", Hazard.objects.visible_to(user))
    return hazard_statistics(qs, period(), root=root, **kwargs)


@pytest.fixture
def ledger(world) -> Ledger:
    return build_ledger(world)


# ---- figures ---------------------------------------------------------------------------------


def test_figures_by_region_roll_up_to_the_towns_of_a_county_user(ledger):
    stats = stats_for(ledger.world.user(Role.COORDINATOR))
    assert stats["root"]["name"] == "甲县"
    rows = by_name(stats["by_region"])
    assert list(rows) == ["甲一镇", "甲二镇", "甲县(本级)"]
    assert figures(rows["甲一镇"]) == (2, 1, 2, 50.0, 1, 2, 1)
    assert figures(rows["甲二镇"]) == (1, 0, 0, 0.0, 1, 0, 0)
    assert figures(rows["甲县(本级)"]) == (1, 0, 0, 0.0, 0, 1, 0)
    assert figures(stats["totals"]) == (4, 1, 2, 25.0, 2, 3, 1)


def test_figures_by_sector(ledger):
    rows = by_name(stats_for(ledger.world.user(Role.COORDINATOR))["by_sector"])
    assert figures(rows["危险化学品"]) == (3, 1, 2, 33.3, 1, 3, 1)
    assert figures(rows["商贸"]) == (1, 0, 0, 0.0, 1, 0, 0)


def test_closure_rate_is_none_when_nothing_was_found(ledger):
    empty = Period(today() - dt.timedelta(days=1000), today() - dt.timedelta(days=900))
    user = ledger.world.user(Role.COORDINATOR)
    stats = hazard_statistics(Hazard.objects.visible_to(user), empty, root=statistics_root(user))
    assert stats["totals"]["found"] == 0 and stats["totals"]["closure_rate"] is None
    assert stats["totals"]["major_open"] == 3  # the state today does not depend on the period


def test_a_city_user_sees_counties_and_the_county_includes_every_level_below(ledger):
    world = ledger.world
    village = RegionFactory(
        code="990101100201", name="甲一村", level=RegionLevel.VILLAGE, parent=world.town_a1
    )
    report(
        EnterpriseFactory(region=village, sector=world.enterprise_a.sector),
        found_days_ago=1,
    )
    province_user = user_on(Role.COORDINATOR, region=world.province)
    stats = stats_for(province_user)
    rows = by_name(stats["by_region"])
    assert list(rows) == ["甲县", "乙县"]
    assert rows["甲县"]["found"] == 5 and rows["甲县"]["major_open"] == 3
    assert figures(rows["乙县"]) == (1, 0, 0, 0.0, 1, 1, 1)
    county = by_name(stats_for(world.user(Role.COORDINATOR))["by_region"])
    assert county["甲一镇"]["found"] == 3  # the village's hazard rolls up into its town


def test_breaking_down_a_region_below_the_users_own(ledger):
    world = ledger.world
    stats = stats_for(world.user(Role.COORDINATOR), root=world.town_a1)
    assert [r["name"] for r in stats["by_region"]] == ["甲一镇(本级)"]
    assert stats["totals"]["found"] == 2


def test_sector_and_level_filters_narrow_every_figure(ledger):
    user = ledger.world.user(Role.COORDINATOR)
    qs = Hazard.objects.visible_to(user).filter(level=HazardLevel.MAJOR)
    stats = stats_for(user, qs=qs)
    assert figures(stats["totals"]) == (2, 0, 0, 0.0, 1, 3, 1)


# ---- scope -----------------------------------------------------------------------------------


def test_a_regulator_counts_its_department_and_sector_only(ledger):
    stats = stats_for(ledger.world.user(Role.REGULATOR))
    assert stats["root"]["name"] == "甲县"
    rows = by_name(stats["by_region"])
    assert rows["甲二镇"]["found"] == 0  # 商贸, supervised by another department
    assert stats["totals"]["found"] == 3


def test_an_enterprise_user_sees_its_own_hazards_at_its_own_town(ledger):
    stats = stats_for(ledger.world.user(Role.ENTERPRISE_MANAGER))
    assert stats["root"]["name"] == "甲一镇"
    assert [r["name"] for r in stats["by_region"]] == ["甲一镇(本级)"]
    assert figures(stats["totals"]) == (2, 1, 2, 50.0, 1, 2, 1)


def test_hazards_of_county_b_are_never_counted_for_county_a(ledger):
    for role in (Role.COORDINATOR, Role.LEADER, Role.REGULATOR, Role.ENTERPRISE_MANAGER):
        stats = stats_for(ledger.world.user(role))
        assert "乙县" not in by_name(stats["by_region"])
        assert stats["totals"]["listed"] <= 1  # county B's listed hazard is not among them
    outside = user_on(Role.COORDINATOR, region=ledger.world.county_b)
    stats = stats_for(outside)
    assert stats["root"]["name"] == "乙县"
    assert figures(stats["totals"]) == (1, 0, 0, 0.0, 1, 1, 1)


def test_statistics_root_is_the_common_region_of_the_users_anchors(world):
    user = user_on(Role.COORDINATOR, region=world.town_a1)
    RoleAssignmentFactory(user=user, role=Role.COORDINATOR, region=world.town_a2)
    assert statistics_root(user) == world.county_a
    both = user_on(Role.LEADER, region=world.county_a)
    RoleAssignmentFactory(user=both, role=Role.LEADER, region=world.county_b)
    assert statistics_root(both) == world.province
    assert statistics_root(UserFactory(is_superuser=True)) is None


# ---- the page and its export -----------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_statistics_page_shows_the_figures_table_and_chart(ledger):
    client = signed_in(ledger.world.user(Role.LEADER))
    response = client.get(reverse("hazard_stats:statistics"), query())
    assert response.status_code == 200
    stats = response.context["stats"]
    assert figures(stats["totals"]) == (4, 1, 2, 25.0, 2, 3, 1)
    html = response.content.decode()
    assert 'id="chart-data"' in html and "echarts-6.1.0.min.js" in html
    assert "甲一镇" in html and "乙一镇" not in html


def test_statistics_page_filters_by_sector_level_and_region(ledger):
    world = ledger.world
    client = signed_in(world.user(Role.COORDINATOR))
    chem = world.enterprise_a.sector
    stats = client.get(reverse("hazard_stats:statistics"), {**query(), "sector": chem.pk}).context[
        "stats"
    ]
    assert stats["totals"]["found"] == 3
    stats = client.get(
        reverse("hazard_stats:statistics"), {**query(), "level": HazardLevel.MAJOR}
    ).context["stats"]
    assert stats["totals"]["found"] == 2
    stats = client.get(
        reverse("hazard_stats:statistics"), {**query(), "region": world.town_a2.pk}
    ).context["stats"]
    assert stats["root"]["name"] == "甲二镇" and stats["totals"]["found"] == 1


def test_a_region_outside_the_users_area_is_404_on_the_page(ledger):
    client = signed_in(ledger.world.user(Role.COORDINATOR))
    url = reverse("hazard_stats:statistics")
    assert client.get(url, {"region": ledger.world.county_b.pk}).status_code == 404
    export = reverse("hazard_stats:statistics_export")
    assert client.get(export, {"region": ledger.world.town_b1.pk}).status_code == 404


def test_statistics_page_for_an_outside_user_counts_only_their_county(ledger):
    outside = user_on(Role.COORDINATOR, region=ledger.world.county_b)
    response = signed_in(outside).get(reverse("hazard_stats:statistics"), query())
    assert response.status_code == 200
    assert response.context["stats"]["totals"]["found"] == 1
    assert "甲一镇" not in response.content.decode()


def test_statistics_page_needs_a_login_and_a_role(ledger):
    url = reverse("hazard_stats:statistics")
    assert Client().get(url).status_code == 302
    nobody = UserFactory()
    assert signed_in(nobody).get(url).status_code == 403


def test_a_bad_date_is_shown_and_the_default_period_is_used(ledger):
    client = signed_in(ledger.world.user(Role.COORDINATOR))
    response = client.get(reverse("hazard_stats:statistics"), {"start": "1999-01-01"})
    assert response.status_code == 200
    assert "start" in response.context["form"].errors
    assert response.context["stats"]["period"]["start"] == today().replace(month=1, day=1)


def test_statistics_export_has_the_same_figures(ledger):
    client = signed_in(ledger.world.user(Role.COORDINATOR))
    response = client.get(reverse("hazard_stats:statistics_export"), query())
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["按区域", "按行业", "说明"]
    rows = list(workbook["按区域"].iter_rows(values_only=True))
    assert rows[0] == (
        "区域",
        "发现隐患",
        "期内销号",
        "期内发现已销号",
        "整改率(%)",
        "逾期未整改",
        "重大隐患未销号",
        "挂牌督办中",
    )
    table = {r[0]: r[1:] for r in rows[1:]}
    assert table["甲一镇"] == (2, 2, 1, 50, 1, 2, 1)
    assert table["合计"] == (4, 2, 1, 25, 2, 3, 1)
    assert "乙县" not in table and "乙一镇" not in table


def test_statistics_page_runs_a_fixed_number_of_queries(ledger, django_assert_num_queries):
    client = signed_in(ledger.world.user(Role.COORDINATOR))
    url = reverse("hazard_stats:statistics")
    client.get(url, query())  # warm the per-process caches (roles, sectors…)
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(url, query())
    for n in range(5):  # more hazards and more towns: the same number of queries
        town = RegionFactory(
            code=f"99010110{n + 2}",
            name=f"甲新镇{n}",
            level=RegionLevel.TOWN,
            parent=ledger.world.county_a,
        )
        report(
            EnterpriseFactory(region=town, sector=ledger.world.enterprise_a.sector),
            found_days_ago=3,
        )
    assert Region.objects.filter(parent=ledger.world.county_a).count() == 7
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(url, query())


# session, user, assignments, the region GROUP BY, the root's children, the sector GROUP BY,
# and the region and sector choices of the filter form.
PAGE_QUERIES = 8
