"""Investigation: level by grade, 60-day report, 15/30-day reply, 四不放过 before closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anjian.accidents.models import AccidentGrade, Investigation
from anjian.accidents.services import accidents as accident_services
from anjian.accidents.services import investigations as services
from anjian.accidents.tests.conftest import report
from anjian.core.errors import OutOfScope, TransitionNotAllowed

pytestmark = pytest.mark.usefixtures("rules")


def opened(world, *, by=None, **figures) -> Investigation:
    accident = report(region=world.town_a1, enterprise=world.enterprise_a, days_ago=20, **figures)
    return services.investigation_open(
        by=by,
        accident=accident,
        led_by="甲县人民政府",
        team="应急局",
        now=timezone.now() - dt.timedelta(days=15),
    )


@pytest.mark.parametrize(
    ("figures", "level"),
    [
        ({"deaths": 1}, "county"),
        ({"deaths": 3}, "city"),
        ({"deaths": 10}, "province"),
        ({"deaths": 30}, "state_council"),
    ],
)
def test_investigation_level_follows_the_grade(world, figures, level):
    assert opened(world, **figures).level == level


def test_report_is_due_sixty_days_after_the_accident_day(world):
    investigation = opened(world)
    day = timezone.localtime(investigation.accident.occurred_at).date()
    assert investigation.report_due == day + dt.timedelta(days=60)


@pytest.mark.parametrize(("deaths", "days"), [(3, 15), (30, 30)])
def test_reply_is_due_fifteen_days_after_the_report_or_thirty_for_especially_major(
    world, deaths, days
):
    investigation = opened(world, deaths=deaths)
    submitted = timezone.now() - dt.timedelta(days=1)
    investigation = services.investigation_submit_report(
        by=None, investigation=investigation, causes="违章指挥，冒险作业。", submitted_at=submitted
    )
    assert investigation.reply_due == timezone.localtime(submitted).date() + dt.timedelta(days=days)


def test_case_cannot_close_until_the_reply_and_every_item_of_the_checklist(world):
    coordinator = world.user("coordinator")
    investigation = opened(world, by=coordinator)
    with pytest.raises(TransitionNotAllowed, match="批复"):
        services.investigation_close(by=coordinator, investigation=investigation)
    investigation = services.investigation_submit_report(
        by=coordinator, investigation=investigation, causes="违章指挥，冒险作业。"
    )
    investigation = services.investigation_record_reply(
        by=coordinator, investigation=investigation, reply_document="甲政函〔2025〕1号"
    )
    investigation = services.investigation_set_checklist(
        by=coordinator,
        investigation=investigation,
        flags={"cause_found": True, "responsible_dealt_with": True, "measures_in_place": True},
    )
    with pytest.raises(TransitionNotAllowed, match="有关人员已受到教育"):
        services.investigation_close(by=coordinator, investigation=investigation)
    assert Investigation.objects.get(pk=investigation.pk).status == "replied"
    services.investigation_set_checklist(
        by=coordinator, investigation=investigation, flags={"people_educated": True}
    )
    closed = services.investigation_close(by=coordinator, investigation=investigation)
    assert (closed.status, closed.checklist_complete) == ("closed", True)
    with pytest.raises(TransitionNotAllowed, match="已结案"):
        services.finding_add(
            by=coordinator,
            investigation=closed,
            subject_kind="person",
            subject="张三",
            responsibility="直接责任",
            handling="移送司法机关",
        )


def test_steps_out_of_order_are_refused(world):
    investigation = opened(world)
    with pytest.raises(TransitionNotAllowed):
        services.investigation_record_reply(
            by=None, investigation=investigation, reply_document="x"
        )
    services.investigation_submit_report(
        by=None, investigation=investigation, causes="设备老化失修。"
    )
    with pytest.raises(TransitionNotAllowed):
        services.investigation_submit_report(
            by=None, investigation=investigation, causes="再次提交报告"
        )


def test_one_investigation_per_accident(world):
    investigation = opened(world)
    with pytest.raises(TransitionNotAllowed):
        services.investigation_open(
            by=None, accident=investigation.accident, led_by="甲县人民政府", team="应急局"
        )


def test_findings_and_measures_are_recorded_and_a_measure_can_be_completed(world):
    investigation = opened(world)
    services.finding_add(
        by=None,
        investigation=investigation,
        subject_kind="unit",
        subject="甲一化工有限公司",
        responsibility="对事故负有主要责任",
        handling="罚款50万元",
    )
    measure = services.measure_add(
        by=None,
        investigation=investigation,
        description="更换老化管道",
        responsible="甲一化工有限公司",
    )
    assert measure.hazard_id is None and measure.obligation_id is None
    assert investigation.findings.get().responsibility == "对事故负有主要责任"
    done = services.measure_complete(by=None, measure=measure)
    assert done.completed_at is not None
    with pytest.raises(TransitionNotAllowed):
        services.measure_complete(by=None, measure=done)


def test_a_finding_needs_its_fields(world):
    investigation = opened(world)
    with pytest.raises(ValidationError) as error:
        services.finding_add(
            by=None,
            investigation=investigation,
            subject_kind="alien",
            subject="",
            responsibility="",
            handling="",
        )
    assert "subject_kind" in error.value.message_dict


@pytest.mark.parametrize(
    "role", ["leader", "inspector", "enterprise_manager", "enterprise_employee"]
)
def test_roles_without_investigation_rights_cannot_open_or_change_one(world, role):
    user = world.user(role)
    accident = report(region=world.town_a1, enterprise=world.enterprise_a)
    with pytest.raises((PermissionDenied, OutOfScope)):
        services.investigation_open(by=user, accident=accident, led_by="甲县", team="甲县")
    investigation = services.investigation_open(
        by=None, accident=accident, led_by="甲县人民政府", team="应急局"
    )
    with pytest.raises((PermissionDenied, OutOfScope)):
        services.investigation_set_checklist(
            by=user, investigation=investigation, flags={"cause_found": True}
        )
    assert not Investigation.objects.get(pk=investigation.pk).cause_found


def test_regulator_investigates_inside_and_gets_404_outside(world):
    regulator = world.user("regulator")
    inside = opened(world, by=regulator)
    assert inside.level == "county"
    outside = report(region=world.town_b1, enterprise=world.enterprise_b)
    with pytest.raises(OutOfScope):
        services.investigation_open(by=regulator, accident=outside, led_by="乙县", team="乙县")


def test_the_level_is_fixed_at_opening_while_the_grade_may_rise(world):
    investigation = opened(world, deaths=2)
    accident_services.accident_override_grade(
        by=None,
        accident=investigation.accident,
        grade=AccidentGrade.objects.get(code="larger"),
        reason="上级认定为较大事故",
    )
    assert Investigation.objects.get(pk=investigation.pk).level == "county"
