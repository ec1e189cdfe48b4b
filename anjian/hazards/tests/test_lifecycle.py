"""The hazard lifecycle: each transition allowed and refused, by role, state and authority."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from anjian.core.errors import Conflict, OutOfScope, PermissionDenied, TransitionNotAllowed
from anjian.core.models import AuditEvent
from anjian.hazards.models import HazardEvent, HazardLevel, HazardSource, HazardStatus
from anjian.hazards.services import hazards as services
from anjian.hazards.tests.conftest import advance, photo, report
from anjian.risks.models import MajorHazardCriterion

pytestmark = pytest.mark.usefixtures("hazard_rules")

TOMORROW = dt.timedelta(days=1)


def test_full_lifecycle_is_recorded_on_the_timeline_and_audited(world):
    hazard = report(world, photos=[photo()])
    assert hazard.status == HazardStatus.REPORTED
    assert hazard.region == world.town_a1 and hazard.department == world.dept_a
    hazard = advance(world, hazard, "closed")
    assert hazard.status == HazardStatus.CLOSED
    assert hazard.closed_by == world.user("enterprise_manager")
    kinds = list(hazard.events.values_list("kind", flat=True))
    assert kinds == ["reported", "assigned", "started", "submitted", "closed"]
    assert hazard.photos.filter(stage="before").count() == 1
    assert hazard.photos.filter(stage="after").count() == 1
    assert AuditEvent.objects.filter(action="hazard.close", object_id=str(hazard.pk)).exists()


def test_criterion_makes_a_hazard_major(world):
    criterion = MajorHazardCriterion.objects.first()
    hazard = report(world, criterion=criterion, level=HazardLevel.GENERAL)
    assert hazard.level == HazardLevel.MAJOR


@pytest.mark.parametrize(
    ("role", "source", "allowed"),
    [
        ("enterprise_manager", HazardSource.SELF_CHECK, True),
        ("enterprise_employee", HazardSource.SELF_CHECK, True),
        ("enterprise_manager", HazardSource.DEPARTMENT, False),
        ("inspector", HazardSource.DEPARTMENT, True),
        ("regulator", HazardSource.EXPERT, True),
        ("leader", HazardSource.LEADER, True),
        ("coordinator", HazardSource.ACCIDENT, True),
        ("inspector", HazardSource.SELF_CHECK, False),
    ],
)
def test_who_may_report_by_source(world, role, source, allowed):
    if allowed:
        assert report(world, by=world.user(role), source=source).source == source
    else:
        with pytest.raises(PermissionDenied):
            report(world, by=world.user(role), source=source)


def test_reporting_outside_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        report(
            world, by=world.user("inspector"), enterprise=world.enterprise_b, source="department"
        )


def test_blank_place_names_the_field(world):
    with pytest.raises(ValidationError) as error:
        report(world, place="  ")
    assert "place" in error.value.message_dict


def test_self_found_general_hazard_is_closed_by_the_enterprise_not_the_department(world):
    hazard = advance(world, report(world), "submitted")
    with pytest.raises(PermissionDenied, match="企业安全管理人员"):
        services.hazard_close(by=world.user("regulator"), hazard=hazard)
    services.hazard_close(by=world.user("enterprise_manager"), hazard=hazard)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("regulator", True),
        ("inspector", True),
        ("coordinator", True),
        ("enterprise_manager", False),
        ("leader", False),
        ("enterprise_employee", False),
    ],
)
def test_department_found_hazard_is_verified_by_the_department(world, role, allowed):
    hazard = report(world, by=world.user("inspector"), source=HazardSource.DEPARTMENT)
    hazard = advance(world, hazard, "submitted", assigner=world.user("inspector"))
    if allowed:
        services.hazard_close(by=world.user(role), hazard=hazard)
        hazard.refresh_from_db()
        assert hazard.status == HazardStatus.CLOSED
    else:
        with pytest.raises(PermissionDenied):
            services.hazard_close(by=world.user(role), hazard=hazard)


def test_major_hazard_found_by_the_enterprise_is_closed_by_the_department(world):
    hazard = report(world, level=HazardLevel.MAJOR)
    hazard = advance(world, hazard, "submitted", assigner=world.user("regulator"))
    with pytest.raises(PermissionDenied):
        services.hazard_close(by=world.user("enterprise_manager"), hazard=hazard)
    services.hazard_close(by=world.user("regulator"), hazard=hazard)


def test_assigning_a_department_hazard_is_the_departments_job(world):
    hazard = report(world, by=world.user("inspector"), source=HazardSource.DEPARTMENT)
    with pytest.raises(PermissionDenied, match="监管部门"):
        services.hazard_assign(
            by=world.user("enterprise_manager"),
            hazard=hazard,
            owner_name="张三",
            measures="修补",
            deadline=timezone.localdate() + TOMORROW,
        )


def test_outside_user_gets_out_of_scope(world):
    hazard = report(world)
    with pytest.raises(OutOfScope):
        services.hazard_assign(
            by=world.users["regulator"].__class__.objects.get(username="insp_b"),
            hazard=hazard,
            owner_name="x",
            measures="y",
            deadline=timezone.localdate() + TOMORROW,
        )


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("start", "reported"),
        ("submit", "assigned"),
        ("close", "rectifying"),
        ("return", "assigned"),
        ("assign", "rectifying"),
    ],
)
def test_transitions_refused_in_the_wrong_state(world, action, state):
    hazard = report(world)
    if state != "reported":
        hazard = advance(world, hazard, state)
    manager = world.user("enterprise_manager")
    calls = {
        "start": lambda: services.hazard_start(by=manager, hazard=hazard),
        "submit": lambda: services.hazard_submit(
            by=manager, hazard=hazard, rectification_note="x", photos=[photo()]
        ),
        "close": lambda: services.hazard_close(by=manager, hazard=hazard),
        "return": lambda: services.hazard_return(by=manager, hazard=hazard, reason="不合格"),
        "assign": lambda: services.hazard_assign(
            by=manager,
            hazard=hazard,
            owner_name="x",
            measures="y",
            deadline=timezone.localdate() + TOMORROW,
        ),
    }
    with pytest.raises(TransitionNotAllowed):
        calls[action]()


def test_submit_needs_an_after_photo_and_a_note(world):
    hazard = advance(world, report(world), "rectifying")
    manager = world.user("enterprise_manager")
    with pytest.raises(ValidationError) as error:
        services.hazard_submit(by=manager, hazard=hazard, rectification_note="已修补")
    assert "photos" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.hazard_submit(by=manager, hazard=hazard, rectification_note=" ", photos=[photo()])
    assert "rectification_note" in error.value.message_dict
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    assert not hazard.photos.exists()  # the refused submit left nothing behind


def test_return_needs_a_reason_and_tells_the_owner(world):
    hazard = advance(world, report(world), "submitted")
    manager = world.user("enterprise_manager")
    with pytest.raises(ValidationError):
        services.hazard_return(by=manager, hazard=hazard, reason="")
    services.hazard_return(by=manager, hazard=hazard, reason="照片看不清")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    assert hazard.notifications.filter(kind="returned").exists()
    assert HazardEvent.objects.filter(hazard=hazard, kind="returned", note="照片看不清").exists()


def test_deadline_in_the_past_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.hazard_assign(
            by=world.user("enterprise_manager"),
            hazard=report(world),
            owner_name="张三",
            measures="修补",
            deadline=timezone.localdate() - TOMORROW,
        )
    assert "deadline" in error.value.message_dict


def test_stale_version_is_a_conflict(world):
    hazard = report(world)
    with pytest.raises(Conflict):
        services.hazard_assign(
            by=world.user("enterprise_manager"),
            hazard=hazard,
            owner_name="张三",
            measures="修补",
            deadline=timezone.localdate() + TOMORROW,
            version=hazard.version + 1,
        )


def test_bad_photo_is_refused_with_its_name(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("现场.jpg", b"not a jpeg at all", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="现场.jpg"):
        report(world, photos=[fake])
