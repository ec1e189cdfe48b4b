"""Reporting, figures and grade, reports up the chain: allowed and refused, scoped, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anjian.accidents.models import (
    Accident,
    AccidentGrade,
    AccidentReport,
    AccidentRevision,
    RevisionKind,
)
from anjian.accidents.services import accidents as services
from anjian.accidents.tests.conftest import report
from anjian.core.errors import Conflict, OutOfScope, TransitionNotAllowed
from anjian.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("rules")


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# ---- reporting ----------------------------------------------------------------------------


def test_report_computes_the_grade_records_the_unit_report_and_audits_each_row(world):
    start = head()
    accident = report(
        region=world.town_a1,
        enterprise=world.enterprise_a,
        deaths=2,
        serious_injuries=12,
        by=world.user("coordinator"),
    )
    assert (accident.grade.name, accident.computed_grade.name) == ("较大事故", "较大事故")
    assert (accident.sector, accident.department) == (
        world.enterprise_a.sector,
        world.dept_a,
    )
    unit = AccidentReport.objects.get(accident=accident)
    assert (unit.level, unit.reporting_unit) == ("unit", world.enterprise_a.name)
    revision = AccidentRevision.objects.get(accident=accident)
    assert (revision.kind, revision.grade_after.name) == ("reported", "较大事故")
    events = AuditEvent.objects.filter(seq__gt=start).order_by("seq")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["accident.report", "accident.grade", "accident.report_level"]


def test_enterprise_manager_reports_its_own_accident(world):
    accident = report(
        region=world.town_a1, enterprise=world.enterprise_a, by=world.user("enterprise_manager")
    )
    assert accident.reported_by == world.user("enterprise_manager")


def test_enterprise_manager_cannot_report_for_another_enterprise(world):
    with pytest.raises((OutOfScope, PermissionDenied)):
        report(
            region=world.town_a2,
            enterprise=world.enterprise_a2,
            by=world.user("enterprise_manager"),
        )
    assert not Accident.objects.exists()


@pytest.mark.parametrize("role", ["leader", "inspector", "enterprise_employee"])
def test_roles_without_accident_add_cannot_report(world, role):
    start = head()
    with pytest.raises(PermissionDenied):
        report(region=world.town_a1, enterprise=world.enterprise_a, by=world.user(role))
    assert not Accident.objects.exists()
    assert head() == start


def test_coordinator_cannot_report_an_accident_in_another_county_and_nothing_is_left(world):
    start = head()
    with pytest.raises(PermissionDenied):
        report(region=world.town_b1, sector=world.enterprise_b.sector, by=world.user("coordinator"))
    assert not Accident.objects.exists()
    assert head() == start


def test_an_enterprise_the_reporter_cannot_see_is_refused(world):
    with pytest.raises(OutOfScope):
        report(region=world.town_a1, enterprise=world.enterprise_b, by=world.user("coordinator"))


def test_a_department_may_not_supervise_an_accident_outside_its_region(world):
    with pytest.raises(ValidationError) as error:
        report(
            region=world.town_a1,
            sector=world.enterprise_a.sector,
            department=world.dept_b,
            by=None,
        )
    assert "department" in error.value.message_dict


def test_an_accident_in_the_future_or_a_unit_report_before_it_is_refused(world):
    with pytest.raises(ValidationError) as error:
        report(region=world.town_a1, enterprise=world.enterprise_a, days_ago=-1)
    assert "occurred_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        report(
            region=world.town_a1,
            enterprise=world.enterprise_a,
            unit_delay=dt.timedelta(minutes=-5),
        )
    assert "unit_reported_at" in error.value.message_dict


def test_negative_figures_are_refused_by_field(world):
    with pytest.raises(ValidationError) as error:
        report(region=world.town_a1, enterprise=world.enterprise_a, deaths=-1)
    assert "不能为负数" in error.value.message_dict["deaths"][0]


# ---- figure changes and the regrading window ----------------------------------------------


def accident_days_ago(world, days: int, **kwargs) -> Accident:
    occurred = local_midnight(timezone.localdate() - dt.timedelta(days=days)) + dt.timedelta(
        hours=10
    )
    return report(
        region=world.town_a1, enterprise=world.enterprise_a, occurred_at=occurred, **kwargs
    )


def last_instant(day: dt.date) -> dt.datetime:
    return local_midnight(day + dt.timedelta(days=1)) - dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("kwargs", "days"),
    [({}, 30), ({"road": True, "category": "02"}, 7), ({"category": "08"}, 7)],
    ids=["thirty-days", "road-traffic-seven", "fire-seven"],
)
def test_regrading_window_ends_at_its_last_day(world, kwargs, days):
    accident = accident_days_ago(world, 40, deaths=2, **kwargs)
    last_day = timezone.localtime(accident.occurred_at).date() + dt.timedelta(days=days)
    inside = services.accident_update_figures(
        by=world.user("coordinator"),
        accident=accident,
        figures={"deaths": 3},
        reason="一名伤员死亡",
        at=last_instant(last_day),
    )
    assert inside.grade.name == "较大事故"
    assert AccidentRevision.objects.filter(accident=accident).last().within_window is True

    later = accident_days_ago(world, 40, deaths=2, **kwargs)
    outside = services.accident_update_figures(
        by=world.user("coordinator"),
        accident=later,
        figures={"deaths": 3},
        reason="一名伤员死亡",
        at=local_midnight(last_day + dt.timedelta(days=1)),
    )
    assert (outside.grade.name, outside.computed_grade.name, outside.deaths) == (
        "一般事故",
        "较大事故",
        3,
    )
    revision = AccidentRevision.objects.filter(accident=later).last()
    assert (revision.within_window, revision.grade_before.name, revision.grade_after.name) == (
        False,
        "一般事故",
        "一般事故",
    )


def test_ordinary_accident_on_day_eight_is_still_regraded(world):
    accident = accident_days_ago(world, 20, serious_injuries=9)
    day8 = timezone.localtime(accident.occurred_at).date() + dt.timedelta(days=8)
    changed = services.accident_update_figures(
        by=None, accident=accident, figures={"serious_injuries": 10}, at=last_instant(day8)
    )
    assert changed.grade.name == "较大事故"


def test_figure_update_with_a_stale_version_is_a_conflict_and_changes_nothing(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a)
    services.accident_update_figures(by=None, accident=accident, figures={"minor_injuries": 2})
    start = head()
    with pytest.raises(Conflict):
        services.accident_update_figures(
            by=None, accident=accident, figures={"deaths": 5}, expected_version=1
        )
    assert Accident.objects.get(pk=accident.pk).deaths == 0
    assert head() == start


def test_unchanged_figures_are_refused(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a, deaths=1)
    with pytest.raises(ValidationError, match="没有变化"):
        services.accident_update_figures(by=None, accident=accident, figures={"deaths": 1})


@pytest.mark.parametrize("role", ["leader", "inspector", "enterprise_manager"])
def test_roles_without_change_cannot_record_figures(world, role):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a)
    with pytest.raises(PermissionDenied):
        services.accident_update_figures(
            by=world.user(role), accident=accident, figures={"deaths": 3}
        )
    assert Accident.objects.get(pk=accident.pk).deaths == 0


def test_outside_accident_is_404_for_the_figures_service(world):
    accident = report(region=world.town_b1, enterprise=world.enterprise_b)
    with pytest.raises(OutOfScope):
        services.accident_update_figures(
            by=world.user("coordinator"), accident=accident, figures={"deaths": 3}
        )


# ---- override -----------------------------------------------------------------------------


def test_coordinator_overrides_the_grade_with_a_reason_and_the_history_keeps_it(world):
    accident = accident_days_ago(world, 60, deaths=2)
    larger = AccidentGrade.objects.get(code="larger")
    changed = services.accident_override_grade(
        by=world.user("coordinator"),
        accident=accident,
        grade=larger,
        reason="经市政府认定为较大事故",
    )
    assert (changed.grade, changed.grade_overridden, changed.computed_grade.code) == (
        larger,
        True,
        "general",
    )
    revision = AccidentRevision.objects.filter(accident=accident).last()
    assert (revision.kind, revision.reason) == (RevisionKind.OVERRIDE, "经市政府认定为较大事故")


def test_override_needs_a_real_reason_and_a_different_grade(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a)
    coordinator = world.user("coordinator")
    with pytest.raises(ValidationError) as error:
        services.accident_override_grade(
            by=coordinator,
            accident=accident,
            grade=AccidentGrade.objects.get(code="larger"),
            reason="改",
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.accident_override_grade(
            by=coordinator,
            accident=accident,
            grade=AccidentGrade.objects.get(code="general"),
            reason="认定为一般事故",
        )
    assert "grade" in error.value.message_dict


@pytest.mark.parametrize("role", ["regulator", "leader", "enterprise_manager"])
def test_only_roles_with_override_may_change_the_grade(world, role):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a)
    with pytest.raises(PermissionDenied):
        services.accident_override_grade(
            by=world.user(role),
            accident=accident,
            grade=AccidentGrade.objects.get(code="larger"),
            reason="越权改定事故等级",
        )
    assert Accident.objects.get(pk=accident.pk).grade.code == "general"


def test_a_change_inside_the_window_clears_an_override(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a, days_ago=1)
    services.accident_override_grade(
        by=None,
        accident=accident,
        grade=AccidentGrade.objects.get(code="larger"),
        reason="临时认定较大",
    )
    changed = services.accident_update_figures(by=None, accident=accident, figures={"deaths": 1})
    assert (changed.grade.code, changed.grade_overridden) == ("general", False)


# ---- descriptive edit ---------------------------------------------------------------------


def test_description_can_be_corrected_but_figures_and_place_of_scope_cannot(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a)
    changed = services.accident_update(
        by=world.user("regulator"), accident=accident, data={"place": "二号车间"}
    )
    assert (changed.place, changed.version) == ("二号车间", 2)
    with pytest.raises(ValidationError) as error:
        services.accident_update(
            by=None, accident=accident, data={"deaths": 3, "region": world.town_b1}
        )
    assert set(error.value.message_dict) == {"deaths", "region"}


# ---- reports up the chain -----------------------------------------------------------------


def test_reports_go_up_one_level_at_a_time_and_stop_at_the_top(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a, days_ago=1)
    regulator = world.user("regulator")
    levels = [
        services.report_upward(
            by=regulator, accident=accident, reporting_unit="甲县应急管理局"
        ).level
        for _ in range(3)
    ]
    assert levels == ["county", "city", "province"]
    with pytest.raises(TransitionNotAllowed):
        services.report_upward(by=regulator, accident=accident, reporting_unit="省应急管理厅")


def test_an_upward_report_cannot_predate_the_report_below_it(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a, days_ago=1)
    unit = AccidentReport.objects.get(accident=accident)
    with pytest.raises(ValidationError) as error:
        services.report_upward(
            by=None,
            accident=accident,
            reporting_unit="甲县应急管理局",
            reported_at=unit.reported_at - dt.timedelta(minutes=1),
        )
    assert "reported_at" in error.value.message_dict


@pytest.mark.parametrize("role", ["leader", "inspector", "enterprise_manager"])
def test_roles_without_change_cannot_report_upward(world, role):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a)
    with pytest.raises(PermissionDenied):
        services.report_upward(by=world.user(role), accident=accident, reporting_unit="甲县")
    assert AccidentReport.objects.filter(accident=accident).count() == 1


def test_reporting_upward_an_outside_accident_is_404(world):
    accident = report(region=world.town_b1, enterprise=world.enterprise_b)
    with pytest.raises(OutOfScope):
        services.report_upward(
            by=world.user("coordinator"), accident=accident, reporting_unit="甲县"
        )


def test_loss_is_stored_to_the_fen(world):
    accident = report(
        region=world.town_a1, enterprise=world.enterprise_a, direct_loss=Decimal("12.34")
    )
    assert Accident.objects.get(pk=accident.pk).direct_loss == Decimal("12.34")


# ---- timeliness through the services, and the audit trail --------------------------------


def test_a_unit_report_after_an_hour_is_late_and_an_upward_report_in_time_is_not(world):
    from anjian.accidents.rulebook import load_rulebook

    accident = report(
        region=world.town_a1,
        enterprise=world.enterprise_a,
        days_ago=2,
        unit_delay=dt.timedelta(hours=1, seconds=1),
    )
    unit = AccidentReport.objects.get(accident=accident)
    services.report_upward(
        by=None,
        accident=accident,
        reporting_unit="甲县应急管理局",
        reported_at=unit.reported_at + dt.timedelta(hours=2),
    )
    accident = Accident.objects.prefetch_related("reports", "revisions").get(pk=accident.pk)
    levels = {lv.level: lv for lv in load_rulebook().schedule(accident, now=timezone.now())}
    assert levels["unit"].late and not levels["county"].late and not levels["county"].missing
    assert not levels["city"].required and not levels["city"].missing


def test_every_row_the_services_wrote_matches_its_audited_state(scene):
    from anjian.core import audit

    reference = {"accidentgrade", "accidentcategory", "accidentparameter", "escalationrule"}
    mismatches = [
        m
        for m in audit.verify_state()
        if m.object_type.startswith("accidents.")
        and m.object_type.split(".")[1] not in reference | {"reopeningitem"}
    ]
    assert mismatches == []
    assert AuditEvent.objects.filter(object_type="accidents.accident").count() >= 5
