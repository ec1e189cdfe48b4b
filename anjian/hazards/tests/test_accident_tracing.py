"""事故倒查: an investigation's measure 转为隐患 becomes a hazard of the enterprise, and one
转为责任事项 becomes an obligation of the responsible department, tracked in duties."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anjian.accidents.services import investigations
from anjian.accidents.tests.conftest import report as report_accident
from anjian.accidents.tests.conftest import rules  # noqa: F401  the accident reference rows
from anjian.duties.models import Occurrence, OccurrenceStatus
from anjian.duties.services import progress
from anjian.hazards.models import Hazard, HazardSource


@pytest.fixture
def investigation(world, hazard_rules, rules):  # noqa: F811
    accident = report_accident(
        region=world.town_a1, enterprise=world.enterprise_a, days_ago=20, deaths=1
    )
    return investigations.investigation_open(
        by=None,
        accident=accident,
        led_by="甲县人民政府",
        team="应急局",
        now=timezone.now() - dt.timedelta(days=15),
    )


def test_a_hazard_measure_becomes_a_traced_hazard_and_is_linked(world, investigation):
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
    assert measure.hazard == hazard and plain.hazard_id is None


def test_a_hazard_measure_defaults_to_the_accidents_enterprise(world, investigation):
    measure = investigations.measure_add(
        by=world.user("coordinator"),
        investigation=investigation,
        description="修复防护栏",
        responsible="甲一化工有限公司",
        kind="hazard",
    )
    assert measure.hazard.enterprise == world.enterprise_a


def test_an_obligation_measure_is_tracked_in_duties_until_its_evidence_is_accepted(
    world, investigation
):
    due = timezone.localdate() + dt.timedelta(days=30)
    measure = investigations.measure_add(
        by=world.user("coordinator"),
        investigation=investigation,
        description="开展全县危化品企业专项整治",
        responsible="甲县应急管理局",
        kind="obligation",
        department=world.dept_a,
        due_date=due,
    )
    obligation = measure.obligation
    assert obligation.notice is None and obligation.region == world.county_a
    assert obligation.origin.startswith("事故调查：") and obligation.due_date == due
    occurrence = Occurrence.objects.get(obligation=obligation)
    assert (occurrence.department, occurrence.due_date) == (world.dept_a, due)
    progress.progress_submit(
        by=world.user("regulator"), occurrence=occurrence, text="已完成专项整治，整治企业12家。"
    )
    progress.progress_accept(by=world.user("coordinator"), occurrence=occurrence)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.ACCEPTED


def test_an_obligation_measure_needs_a_department_and_a_deadline(world, investigation):
    with pytest.raises(ValidationError) as error:
        investigations.measure_add(
            by=world.user("coordinator"),
            investigation=investigation,
            description="专项整治",
            responsible="应急局",
            kind="obligation",
        )
    assert "department" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        investigations.measure_add(
            by=world.user("coordinator"),
            investigation=investigation,
            description="专项整治",
            responsible="应急局",
            kind="obligation",
            department=world.dept_a,
        )
    assert "due_date" in error.value.message_dict
    assert not investigation.measures.exists()


def test_only_the_safety_office_turns_a_measure_into_an_obligation(world, investigation):
    """A department regulator may record measures, but assigning tasks is the 安委办's."""
    with pytest.raises(PermissionDenied):
        investigations.measure_add(
            by=world.user("regulator"),
            investigation=investigation,
            description="专项整治",
            responsible="应急局",
            kind="obligation",
            department=world.dept_a,
            due_date=timezone.localdate() + dt.timedelta(days=30),
        )
    assert not investigation.measures.exists()
