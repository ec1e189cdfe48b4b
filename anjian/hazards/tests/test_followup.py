"""Extensions, 双报告 across a holiday, 挂牌督办, the overdue job, repeats and conflicts."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.roles import Role
from anjian.core.tests.factories import RoleAssignmentFactory, UserFactory
from anjian.hazards.models import (
    ExtensionStatus,
    Hazard,
    HazardLevel,
    HazardSource,
)
from anjian.hazards.services import followup
from anjian.hazards.services import hazards as services
from anjian.hazards.tests.conftest import advance, report
from anjian.risks.models import MajorHazardCriterion

pytestmark = pytest.mark.usefixtures("hazard_rules")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _extend(world, hazard, days=20, by=None):
    return followup.extension_request(
        by=by or world.user("enterprise_manager"),
        hazard=hazard,
        requested_deadline=hazard.deadline + dt.timedelta(days=days),
        reason="设备到货延迟",
    )


def test_extension_approved_by_whoever_set_the_deadline_moves_it(world):
    hazard = advance(world, report(world), "rectifying")
    old = hazard.deadline
    extension = _extend(world, hazard)
    with pytest.raises(TransitionNotAllowed):
        _extend(world, hazard)  # one pending request at a time
    followup.extension_decide(
        by=world.user("enterprise_manager"), extension=extension, approve=True
    )
    hazard.refresh_from_db()
    extension.refresh_from_db()
    assert hazard.deadline == old + dt.timedelta(days=20)
    assert extension.status == ExtensionStatus.APPROVED and extension.previous_deadline == old
    assert set(hazard.events.values_list("kind", flat=True)) >= {
        "extension_requested",
        "extension_approved",
    }


def test_extension_of_a_department_deadline_is_decided_by_the_department(world):
    hazard = report(world, by=world.user("inspector"), source=HazardSource.DEPARTMENT)
    hazard = advance(world, hazard, "assigned", assigner=world.user("inspector"))
    extension = _extend(world, hazard)
    with pytest.raises(PermissionDenied, match="监管部门"):
        followup.extension_decide(
            by=world.user("enterprise_manager"), extension=extension, approve=True
        )
    with pytest.raises(ValidationError):
        followup.extension_decide(by=world.user("regulator"), extension=extension, approve=False)
    followup.extension_decide(
        by=world.user("regulator"), extension=extension, approve=False, note="理由不充分"
    )
    extension.refresh_from_db()
    hazard.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED
    assert hazard.deadline == extension.previous_deadline
    # History is kept: a new request is allowed after a decision.
    assert _extend(world, hazard, days=5).status == ExtensionStatus.PENDING


def test_extension_must_be_later_and_only_from_the_enterprise(world):
    hazard = advance(world, report(world), "assigned")
    with pytest.raises(ValidationError):
        _extend(world, hazard, days=0)
    with pytest.raises(PermissionDenied):
        _extend(world, hazard, by=world.user("regulator"))


def _major_found(world, when: dt.datetime):
    return report(world, level=HazardLevel.MAJOR, found_at=when)


def test_double_report_deadline_skips_the_national_day_holiday(world):
    # Found Wed 2026-09-30; 1–7 Oct are off, Sat 10 Oct is worked: 5 working days end Tue 13 Oct.
    hazard = _major_found(world, dt.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI))
    assert followup.double_report_due(hazard) == dt.date(2026, 10, 13)
    assert followup.double_report_check(today=dt.date(2026, 10, 9)) == 0  # Mon–Fri alone: late
    assert followup.double_report_check(today=dt.date(2026, 10, 13)) == 0
    assert followup.double_report_check(today=dt.date(2026, 10, 14)) == 1
    hazard.refresh_from_db()
    assert hazard.double_report_late
    late = hazard.events.get(kind="double_report_late")
    assert "监管部门、职代会" in late.note
    assert followup.double_report_check(today=dt.date(2026, 10, 15)) == 0  # flagged once


def test_recorded_double_report_is_not_flagged(world):
    hazard = _major_found(world, dt.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI))
    followup.double_report_record(
        by=world.user("enterprise_manager"),
        hazard=hazard,
        department_on=dt.date(2026, 10, 8),
        congress_on=dt.date(2026, 10, 9),
    )
    assert followup.double_report_check(today=dt.date(2026, 11, 1)) == 0
    with pytest.raises(ValidationError):
        followup.double_report_record(
            by=world.user("enterprise_manager"), hazard=hazard, congress_on=dt.date(2026, 9, 1)
        )


def test_double_report_is_for_major_hazards_only(world):
    with pytest.raises(TransitionNotAllowed):
        followup.double_report_record(
            by=world.user("enterprise_manager"),
            hazard=report(world),
            department_on=timezone.localdate(),
        )


def _list(world, hazard, by=None, authority=None):
    return followup.hazard_list(
        by=by or world.user("coordinator"),
        hazard=hazard,
        authority=authority or world.county_a,
        responsible_leader="李副县长",
        supervising_unit=world.dept_a,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        document_number="甲安委办〔2026〕1号",
    )


def test_listed_hazard_is_closed_only_by_the_listing_authority(world):
    hazard = report(world, level=HazardLevel.MAJOR)
    listing = _list(world, hazard)
    hazard = advance(world, hazard, "submitted", assigner=world.user("regulator"))
    # The supervising department would close an unlisted major hazard; not a listed one.
    with pytest.raises(PermissionDenied, match="挂牌督办机关"):
        services.hazard_close(by=world.user("regulator"), hazard=hazard)
    services.hazard_close(by=world.user("coordinator"), hazard=hazard)
    listing.refresh_from_db()
    hazard.refresh_from_db()
    assert listing.closed_at is not None and not hazard.is_listed


def test_a_town_coordinator_cannot_close_a_county_listing(world):
    town_coordinator = UserFactory(username="town_coord", region=world.town_a1)
    RoleAssignmentFactory(user=town_coordinator, role=Role.COORDINATOR, region=world.town_a1)
    hazard = report(world, level=HazardLevel.MAJOR)
    _list(world, hazard)
    hazard = advance(world, hazard, "submitted", assigner=world.user("regulator"))
    with pytest.raises(PermissionDenied):
        services.hazard_close(by=town_coordinator, hazard=hazard)


def test_listing_needs_a_major_open_hazard_and_the_right_level(world):
    with pytest.raises(TransitionNotAllowed):
        _list(world, report(world))
    major = report(world, level=HazardLevel.MAJOR)
    with pytest.raises(PermissionDenied):
        _list(world, major, by=world.user("regulator"))
    with pytest.raises(PermissionDenied):
        _list(world, major, authority=world.province)
    _list(world, major)
    with pytest.raises(TransitionNotAllowed):
        _list(world, major)


def test_overdue_job_marks_notifies_and_escalates_once(world):
    hazard = advance(world, report(world), "rectifying")
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2))
    assert followup.overdue_mark() == 1
    hazard.refresh_from_db()
    assert hazard.overdue_since == timezone.localdate() - dt.timedelta(days=1)
    assert hazard.is_overdue and hazard.escalated_at is not None
    kinds = set(hazard.notifications.values_list("kind", flat=True))
    assert {"overdue", "escalated"} <= kinds
    assert hazard.notifications.get(kind="escalated").department == world.dept_a
    assert followup.overdue_mark() == 0


def test_closed_and_in_time_hazards_are_not_overdue(world):
    closed = advance(world, report(world), "closed")
    Hazard.objects.filter(pk=closed.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2))
    advance(world, report(world, place="配电室"), "rectifying")
    assert followup.overdue_mark() == 0


def test_repeat_within_twelve_months_is_linked(world):
    criterion = MajorHazardCriterion.objects.first()
    first = report(world, criterion=criterion, found_at=timezone.now() - dt.timedelta(days=300))
    second = report(world, criterion=criterion, place="另一处")
    assert second.repeat_of == first
    assert second.events.filter(kind="repeat").exists()
    third = report(world, place="别处")
    assert third.repeat_of is None


def test_repeat_by_category_and_place_but_not_after_a_year(world):
    from anjian.risks.models import HazardFactorCategory

    category = HazardFactorCategory.objects.create(code="9999", name="测试类", level=1)
    report(world, category=category, found_at=timezone.now() - dt.timedelta(days=400))
    assert report(world, category=category).repeat_of is None
    again = report(world, category=category)
    assert again.repeat_of is not None
    assert report(world, category=category, place="别处").repeat_of is None


def test_another_enterprises_hazard_is_not_a_repeat(world):
    criterion = MajorHazardCriterion.objects.first()
    report(
        world,
        by=None,
        enterprise=world.enterprise_b,
        source=HazardSource.DEPARTMENT,
        criterion=criterion,
    )
    assert report(world, criterion=criterion).repeat_of is None
