"""Statistics by region, sector, category and grade; 同比, 环比, 两下降; Excel export; scope."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from anjian.accidents.models import Accident
from anjian.accidents.stats.selectors import Period, accident_statistics
from anjian.accidents.tests.conftest import report

pytestmark = pytest.mark.usefixtures("rules")

PERIOD = Period(dt.date(2025, 4, 1), dt.date(2025, 6, 30))


def on(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def history(world):
    """This period: 3 accidents, 4 deaths; a year before: 2, 5; the quarter before: 1, 0."""
    a1, a2, b1 = world.town_a1, world.town_a2, world.town_b1
    ent_a, ent_a2 = world.enterprise_a, world.enterprise_a2
    report(region=a1, enterprise=ent_a, deaths=3, occurred_at=on(dt.date(2025, 4, 2)))
    report(
        region=a2, enterprise=ent_a2, deaths=1, category="08", occurred_at=on(dt.date(2025, 6, 30))
    )
    report(region=a1, enterprise=ent_a, minor_injuries=2, occurred_at=on(dt.date(2025, 5, 15)))
    report(region=a1, enterprise=ent_a, deaths=2, occurred_at=on(dt.date(2024, 4, 20)))
    report(region=a2, enterprise=ent_a2, deaths=3, occurred_at=on(dt.date(2024, 6, 1)))
    report(region=a1, enterprise=ent_a, occurred_at=on(dt.date(2025, 3, 31)))
    report(region=b1, enterprise=world.enterprise_b, deaths=9, occurred_at=on(dt.date(2025, 5, 1)))
    return world


def stats_for(user, root=None) -> dict:
    return accident_statistics(Accident.objects.visible_to(user), PERIOD, root=root)


def by_name(rows) -> dict:
    return {r["name"]: r for r in rows}


def test_totals_year_on_year_previous_period_and_two_down(history):
    stats = stats_for(history.user("coordinator"))
    assert stats["totals"] == {"accidents": 3, "deaths": 4}
    assert stats["year_on_year"]["accidents"] == {"value": 2, "delta": 1, "percent": 50.0}
    assert stats["year_on_year"]["deaths"] == {"value": 5, "delta": -1, "percent": -20.0}
    assert stats["previous_period"]["accidents"] == {"value": 1, "delta": 2, "percent": 200.0}
    assert stats["two_down"] is False  # deaths fell, the number of accidents did not


def test_breakdowns_by_region_sector_category_and_grade(history):
    stats = stats_for(history.user("coordinator"), root=history.county_a)
    regions = by_name(stats["by_region"])
    assert regions["甲一镇"]["accidents"] == 2 and regions["甲一镇"]["deaths"] == 3
    assert (
        regions["甲二镇"]["accidents_last_year"] == 1 and regions["甲二镇"]["deaths_last_year"] == 3
    )
    assert by_name(stats["by_sector"])["商贸"]["deaths"] == 1
    assert by_name(stats["by_category"])["火灾"]["accidents"] == 1
    grades = by_name(stats["by_grade"])
    assert grades["较大事故"]["accidents"] == 1 and grades["较大事故"]["accidents_last_year"] == 1
    assert grades["一般事故"]["accidents"] == 2
    months = {m["month"]: m for m in stats["monthly"]}
    assert months[4]["accidents"] == 1 and months[4]["accidents_last_year"] == 1
    assert months[3]["accidents"] == 1 and months[6]["deaths_last_year"] == 3


def test_statistics_count_only_the_users_scope(history):
    county_b_deaths = 9
    mine = stats_for(history.user("coordinator"))
    assert county_b_deaths not in {r["deaths"] for r in mine["by_region"]}
    regulator = stats_for(history.user("regulator"))
    assert regulator["totals"] == {"accidents": 2, "deaths": 3}  # 危险化学品 only, not 商贸


def test_two_down_when_both_count_and_deaths_fall(world):
    report(
        region=world.town_a1,
        enterprise=world.enterprise_a,
        deaths=1,
        occurred_at=on(dt.date(2025, 5, 1)),
    )
    for day in (dt.date(2024, 5, 1), dt.date(2024, 5, 2)):
        report(region=world.town_a1, enterprise=world.enterprise_a, deaths=1, occurred_at=on(day))
    assert stats_for(world.user("coordinator"))["two_down"] is True


def test_statistics_api_and_page_and_export_agree(history):
    query = {"start": "2025-04-01", "end": "2025-06-30"}
    client = APIClient()
    client.force_authenticate(history.user("leader"))
    api = client.get("/api/accidents/statistics/", query)
    assert api.status_code == 200 and api.data["totals"] == {"accidents": 3, "deaths": 4}
    page = Client()
    page.force_login(history.user("leader"))
    html = page.get(reverse("accidents:statistics"), query)
    assert html.status_code == 200 and html.context["stats"]["totals"]["deaths"] == 4
    assert 'id="chart-data"' in html.content.decode()
    export = page.get(reverse("accidents:statistics_export"), query)
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert workbook.sheetnames == ["总体", "按区域", "按行业", "按类别", "按等级", "按月"]
    summary = {row[0]: row for row in workbook["总体"].iter_rows(values_only=True)}
    assert summary["事故起数"][1:4] == (3, 2, 1)


def test_accident_export_lists_the_filtered_scope_with_timeliness(history):
    client = Client()
    client.force_login(history.user("coordinator"))
    response = client.get(reverse("accidents:accident_export"), {"occurred_from": "2025-04-01"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and rows[0][-1] == "报告及时性"
    assert len(rows) == 1 + 3  # county A since April 2025; county B's never
    assert {r[-1] for r in rows[1:]} == {"未报"}  # no county report was ever made
