"""事故倒查: a rectification measure "转为隐患" becomes a hazard of the enterprise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from anjian.accidents.services import investigations
from anjian.accidents.tests.conftest import report as report_accident
from anjian.accidents.tests.conftest import rules  # noqa: F401  the accident reference rows
from anjian.hazards.models import Hazard, HazardSource


@pytest.mark.usefixtures("hazard_rules", "rules")
def test_a_hazard_measure_becomes_a_traced_hazard_and_is_linked(world):
    accident = report_accident(
        region=world.town_a1, enterprise=world.enterprise_a, days_ago=20, deaths=1
    )
    investigation = investigations.investigation_open(
        by=None,
        accident=accident,
        led_by="甲县人民政府",
        team="应急局",
        now=timezone.now() - dt.timedelta(days=15),
    )
    coordinator = world.user("coordinator")
    plain = investigations.measure_add(
        by=coordinator, investigation=investigation, description="加强培训", responsible="企业"
    )
    measure = investigations.measure_add(
        by=coordinator,
        investigation=investigation,
        description="更换老化管道",
        responsible="甲一化工有限公司",
        kind="hazard",
        enterprise=world.enterprise_a,
    )
    hazard = Hazard.objects.get(source=HazardSource.ACCIDENT)
    assert hazard.enterprise == world.enterprise_a and hazard.description == "更换老化管道"
    assert hazard.reported_by == coordinator
    measure.refresh_from_db()
    plain.refresh_from_db()
    assert measure.followup_ref == f"hazard:{hazard.pk}" and plain.followup_ref == ""
