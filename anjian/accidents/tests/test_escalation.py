"""Escalation rules from the data: window edges, idempotence, and a brute-force comparison."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.accidents.models import SupervisionTask
from anjian.accidents.rules import add_months
from anjian.accidents.services import accidents as accident_services
from anjian.accidents.services.escalation import escalation_check, supervision_task_close
from anjian.accidents.tests.conftest import report
from anjian.accidents.tests.test_rules import brute_force
from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("rules")

TWO_IN_THREE = "larger_2_in_3_months"
THREE_IN_SIX = "larger_3_in_6_months"


def noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def larger(world, day: dt.date, *, region=None, enterprise=None):
    """A 较大 accident (3 deaths) on ``day`` in county A (town A1 by default)."""
    region = region or world.town_a1
    enterprise = enterprise or (world.enterprise_a if region == world.town_a1 else None)
    sector = None if enterprise else world.enterprise_a.sector
    return report(
        region=region, enterprise=enterprise, sector=sector, deaths=3, occurred_at=noon(day)
    )


def tasks(world, rule: str = TWO_IN_THREE, county=None):
    return SupervisionTask.objects.filter(region=county or world.county_a, rule__code=rule)


def base_day() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=300)


def test_second_larger_accident_exactly_three_months_later_opens_a_special_inspection(world):
    first = larger(world, base_day())
    second = larger(world, add_months(base_day(), 3))
    task = tasks(world).get()
    assert set(task.accidents.all()) == {first, second}
    assert (task.status, task.kind, task.notified_region) == (
        "open",
        "专项巡查/督导",
        world.province,
    )
    event = AuditEvent.objects.get(
        object_type="accidents.supervisiontask", action="supervisiontask.create"
    )
    assert event.actor_name == "system"


def test_second_larger_accident_three_months_and_a_day_later_opens_nothing(world):
    larger(world, base_day())
    larger(world, add_months(base_day(), 3) + dt.timedelta(days=1))
    assert not SupervisionTask.objects.exists()


def test_three_larger_accidents_within_six_months_to_the_day_trip_the_second_rule(world):
    start = base_day()
    for day in (start, start + dt.timedelta(days=100), add_months(start, 6)):
        larger(world, day)
    for day in (start, start + dt.timedelta(days=100), add_months(start, 6) + dt.timedelta(days=1)):
        report(region=world.town_b1, enterprise=world.enterprise_b, deaths=3, occurred_at=noon(day))
    assert tasks(world, THREE_IN_SIX).get().accidents.count() == 3
    assert not tasks(world, THREE_IN_SIX, county=world.county_b).exists()


def test_any_major_accident_opens_a_supervision_task_by_itself(world):
    accident = report(region=world.town_a1, enterprise=world.enterprise_a, deaths=10)
    assert accident.grade.code == "major"
    assert list(tasks(world, "major_any").get().accidents.all()) == [accident]


def test_general_accidents_never_escalate(world):
    for days in (10, 20, 30):
        report(region=world.town_a1, enterprise=world.enterprise_a, deaths=2, days_ago=days)
    assert not SupervisionTask.objects.exists()


def test_accidents_in_two_counties_are_counted_apart(world):
    larger(world, base_day())
    report(
        region=world.town_b1, enterprise=world.enterprise_b, deaths=3, occurred_at=noon(base_day())
    )
    assert not SupervisionTask.objects.exists()


def test_third_accident_joins_the_open_task_instead_of_opening_another(world):
    larger(world, base_day())
    larger(world, base_day() + dt.timedelta(days=20))
    third = larger(world, base_day() + dt.timedelta(days=40), region=world.town_a2)
    task = tasks(world).get()
    assert third in task.accidents.all() and task.accidents.count() == 3


def test_running_the_check_again_changes_nothing(world):
    first = larger(world, base_day())
    larger(world, base_day() + dt.timedelta(days=10))
    events = AuditEvent.objects.count()
    assert escalation_check(accident=first) == []
    assert AuditEvent.objects.count() == events
    assert tasks(world).count() == 1


def test_a_closed_task_is_not_reopened_for_the_same_accidents_but_new_ones_open_a_new_task(world):
    first = larger(world, base_day())
    larger(world, base_day() + dt.timedelta(days=10))
    task = tasks(world).get()
    supervision_task_close(
        by=world.user("coordinator"), task=task, conclusion="已完成专项巡查并追责"
    )
    assert escalation_check(accident=first) == []
    third = larger(world, base_day() + dt.timedelta(days=30))
    reopened = tasks(world).get(status="open")
    assert reopened != task and third in reopened.accidents.all()
    with pytest.raises(TransitionNotAllowed):
        supervision_task_close(by=None, task=task, conclusion="再次办结该任务")


def test_a_grade_raised_inside_the_window_triggers_the_check(world):
    larger(world, timezone.localdate() - dt.timedelta(days=20))
    second = report(region=world.town_a1, enterprise=world.enterprise_a, deaths=2, days_ago=2)
    assert not SupervisionTask.objects.exists()
    accident_services.accident_update_figures(by=None, accident=second, figures={"deaths": 3})
    assert second in tasks(world).get().accidents.all()


@pytest.mark.parametrize("role", ["regulator", "leader", "inspector"])
def test_only_coordinators_close_a_task(world, role):
    larger(world, base_day())
    larger(world, base_day() + dt.timedelta(days=10))
    with pytest.raises(PermissionDenied):
        supervision_task_close(
            by=world.user(role), task=tasks(world).get(), conclusion="越权办结任务"
        )
    assert tasks(world).get().status == "open"


class Rollback(Exception):
    """Undo one hypothesis example's accidents."""


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=330), min_size=2, max_size=5),
    towns=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_linked_accidents_equal_a_brute_force_search_for_random_sequences(world, offsets, towns):
    """In whatever order they arrive, the tasks hold exactly the accidents of tripping groups."""
    start = timezone.localdate() - dt.timedelta(days=340)
    try:
        with transaction.atomic():
            made = []
            for offset, second_town in zip(offsets, towns, strict=False):
                day = start + dt.timedelta(days=offset)
                town = world.town_a2 if second_town else world.town_a1
                made.append((larger(world, day, region=town).pk, day))
            for rule, count, months in ((TWO_IN_THREE, 2, 3), (THREE_IN_SIX, 3, 6)):
                linked = {a.pk for t in tasks(world, rule) for a in t.accidents.all()}
                assert linked == brute_force(made, count, months)
                assert tasks(world, rule).filter(status="open").count() <= 1
            raise Rollback
    except Rollback:
        pass
