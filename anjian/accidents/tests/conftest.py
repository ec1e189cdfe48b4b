"""Accident fixtures: the reference data, and accidents with their follow-up in both counties.

``scene`` extends the shared ``world`` (county A inside, county B outside) with, in each
county, accidents (two 较大 ones, so each county has a supervision task), an investigation,
a same-industry warning, a sanction and a 曝光台 entry, all made through the services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from anjian.accidents import reference_data
from anjian.accidents.models import SupervisionTask
from anjian.accidents.services import accidents as accident_services
from anjian.accidents.services import investigations, publications, sanctions, warnings
from anjian.core.models import AccidentCategory
from anjian.core.tests.factories import accident_categories

PRINCIPAL_PHONE = "13800138000"  # the factories' principal phone of every enterprise


@pytest.fixture
def rules(db):
    """The accident reference data rows (see ``load_rules``)."""
    load_rules()


def load_rules() -> None:
    """The accident reference data rows, inserted straight from the shipped files.

    Like the core factories, this is test data: the audited loader itself is tested in
    test_reference_and_demo.py. Inserting in bulk keeps each test's set-up cheap.
    """
    accident_categories()
    for spec in reference_data.SPECS:
        spec.model.objects.bulk_create(
            [spec.model(code=row["code"], **spec.values(row)) for row in spec.rows()]
        )


def report(
    *,
    region,
    enterprise=None,
    sector=None,
    department=None,
    occurred_at: dt.datetime | None = None,
    days_ago: float = 10,
    deaths: int = 0,
    serious_injuries: int = 0,
    minor_injuries: int = 0,
    direct_loss: int | Decimal = 0,
    category: str = "19",
    road: bool = False,
    unit_delay: dt.timedelta = dt.timedelta(minutes=30),
    by=None,
    title: str = "",
):
    """Report an accident through the service (by the platform unless ``by`` is given)."""
    occurred_at = occurred_at or timezone.now() - dt.timedelta(days=days_ago)
    unit_at = occurred_at + unit_delay
    data = {
        "title": title or f"测试事故{occurred_at:%m%d%H%M%S%f}",
        "occurred_at": occurred_at,
        "place": "测试地点",
        "region": region,
        "enterprise": enterprise,
        "category": AccidentCategory.objects.get(code=category),
        "is_road_traffic": road,
        "deaths": deaths,
        "serious_injuries": serious_injuries,
        "minor_injuries": minor_injuries,
        "direct_loss": Decimal(direct_loss),
        "narrative": "测试用事故经过说明。",
    }
    if sector is not None:
        data["sector"] = sector
    if department is not None:
        data["department"] = department
    now = min(max(occurred_at, unit_at) + dt.timedelta(minutes=1), timezone.now())
    return accident_services.accident_report(by=by, data=data, unit_reported_at=unit_at, now=now)


def _follow_up(world, suffix: str, enterprise, region, county):
    accident = report(
        region=region, enterprise=enterprise, deaths=3, days_ago=10, title=f"{suffix}化工中毒事故"
    )
    second = report(
        region=region,
        sector=enterprise.sector,
        department=enterprise.supervising_department,
        deaths=4,
        days_ago=30,
        category="02",
        road=True,
        title=f"{suffix}道路运输事故",
    )
    investigation = investigations.investigation_open(
        by=None, accident=accident, led_by=f"{county.name}人民政府", team="应急管理局、公安局"
    )
    warning = warnings.warning_issue(
        by=None,
        accident=accident,
        region=county,
        title=f"{suffix}危险化学品行业警示",
        content="各单位要举一反三，立即开展有限空间作业自查。",
    )
    sanction = sanctions.sanction_impose(
        by=None,
        enterprise=enterprise,
        accident=accident,
        kind="production_suspended",
        reason="发生较大事故，责令停产整顿。",
    )
    draft = publications.publication_draft(accident)
    publication = publications.publish(
        by=None,
        accident=accident,
        title=draft["title"],
        summary=draft["summary"],
        lessons="严格执行有限空间作业审批制度，先通风、再检测、后作业。",
    )
    return {
        "accident": accident,
        "second": second,
        "investigation": investigation,
        "task": SupervisionTask.objects.get(region=county, rule__code="larger_2_in_3_months"),
        "warning": warning,
        "acknowledgement": warning.acknowledgements.get(enterprise=enterprise),
        "sanction": sanction,
        "publication": publication,
    }


@pytest.fixture
def scene(world, rules):
    """The world plus accidents and their follow-up in county A (``a``) and county B (``b``)."""
    return build_scene(world)


def build_scene(world):
    """Add to ``world`` the accidents and follow-up of each county (the rules loaded first)."""
    world.a = _follow_up(world, "甲", world.enterprise_a, world.town_a1, world.county_a)
    world.b = _follow_up(world, "乙", world.enterprise_b, world.town_b1, world.county_b)
    world.accident_a2 = report(
        region=world.town_a2,
        enterprise=world.enterprise_a2,
        minor_injuries=1,
        title="甲二商贸触电事故",
    )
    return world
