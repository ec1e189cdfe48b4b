"""The progress workflow: who may submit, accept and return, in which state; indicators."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.core.errors import OutOfScope, PermissionDenied, TransitionNotAllowed
from anjian.core.models import AuditEvent
from anjian.duties.models import (
    Notification,
    NotificationKind,
    Occurrence,
    OccurrenceStatus,
    ProgressDecision,
)
from anjian.duties.services import notices as notice_services
from anjian.duties.services import progress

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def first(duties, number=1, department=None):
    department = department or duties.world.dept_a
    return Occurrence.objects.filter(
        obligation=duties.obligation(number), department=department
    ).order_by("due_date")[0]


def test_department_staff_submit_progress_with_evidence(duties):
    occurrence = first(duties)
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    report = progress.progress_submit(
        by=duties.world.user("regulator"), occurrence=occurrence, text="已召开会议", files=[photo]
    )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.SUBMITTED
    assert report.decision == ProgressDecision.PENDING
    assert [e.name for e in report.evidence.all()] == ["现场.png"]
    assert AuditEvent.objects.filter(action="occurrence.submit").count() == 1


def test_supporting_department_submits_its_own_part(duties):
    occurrence = first(duties, number=4)  # dept_a supports 住建局 on task 4
    assert occurrence.role == "support"
    progress.progress_submit(by=duties.world.user("regulator"), occurrence=occurrence, text="配合")
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.SUBMITTED


@pytest.mark.parametrize("role", ["coordinator", "leader", "inspector", "system_admin"])
def test_roles_that_do_not_report_cannot_submit(duties, role):
    with pytest.raises(PermissionDenied):
        progress.progress_submit(by=duties.world.user(role), occurrence=first(duties), text="x")


def test_another_departments_staff_cannot_even_see_the_period(duties):
    with pytest.raises(OutOfScope):
        progress.progress_submit(by=duties.other_staff, occurrence=first(duties), text="x")


@pytest.mark.parametrize("role", ["enterprise_manager", "enterprise_employee"])
def test_enterprise_roles_cannot_see_periods(duties, role):
    with pytest.raises(OutOfScope):
        progress.progress_submit(by=duties.world.user(role), occurrence=first(duties), text="x")


def test_empty_text_and_disguised_evidence_are_refused_and_nothing_changes(duties):
    occurrence, staff = first(duties), duties.world.user("regulator")
    with pytest.raises(ValidationError) as error:
        progress.progress_submit(by=staff, occurrence=occurrence, text="  ")
    assert "text" in error.value.message_dict
    fake = SimpleUploadedFile("photo.png", b"MZ not an image", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        progress.progress_submit(by=staff, occurrence=occurrence, text="ok", files=[fake])
    assert "files" in error.value.message_dict
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.OPEN
    assert not occurrence.reports.exists()


def submitted(duties):
    occurrence = first(duties)
    progress.progress_submit(by=duties.world.user("regulator"), occurrence=occurrence, text="做了")
    return occurrence


def test_coordinator_accepts_on_time(duties):
    occurrence = submitted(duties)
    result = progress.progress_accept(by=duties.world.user("coordinator"), occurrence=occurrence)
    assert result.status == OccurrenceStatus.ACCEPTED
    assert result.on_time is (occurrence.due_date >= dt.date.today())
    assert occurrence.reports.get().decision == ProgressDecision.ACCEPTED


def test_accepting_twice_or_before_submission_is_not_allowed(duties):
    coordinator = duties.world.user("coordinator")
    with pytest.raises(TransitionNotAllowed):
        progress.progress_accept(by=coordinator, occurrence=first(duties))
    occurrence = submitted(duties)
    progress.progress_accept(by=coordinator, occurrence=occurrence)
    with pytest.raises(TransitionNotAllowed):
        progress.progress_accept(by=coordinator, occurrence=occurrence)
    with pytest.raises(TransitionNotAllowed):
        progress.progress_submit(by=duties.world.user("regulator"), occurrence=occurrence, text="x")


def test_return_needs_a_reason_notifies_and_allows_resubmission(duties):
    coordinator, staff = duties.world.user("coordinator"), duties.world.user("regulator")
    occurrence = submitted(duties)
    with pytest.raises(ValidationError):
        progress.progress_return(by=coordinator, occurrence=occurrence, reason=" ")
    progress.progress_return(by=coordinator, occurrence=occurrence, reason="缺少会议纪要")
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.RETURNED
    note = Notification.objects.get(occurrence=occurrence)
    assert note.kind == NotificationKind.RETURNED and "缺少会议纪要" in note.message
    progress.progress_submit(by=staff, occurrence=occurrence, text="补充了纪要")
    progress.progress_accept(by=coordinator, occurrence=occurrence)
    decisions = list(occurrence.reports.order_by("id").values_list("decision", flat=True))
    assert decisions == [ProgressDecision.RETURNED, ProgressDecision.ACCEPTED]


@pytest.mark.parametrize("role", ["regulator", "inspector", "leader"])
def test_only_the_coordinator_reviews(duties, role):
    occurrence = submitted(duties)
    with pytest.raises(PermissionDenied):
        progress.progress_accept(by=duties.world.user(role), occurrence=occurrence)
    with pytest.raises(PermissionDenied):
        progress.progress_return(by=duties.world.user(role), occurrence=occurrence, reason="r")


def test_assigning_a_vague_unit_opens_periods_and_clears_it(duties):
    w = duties.world
    three = duties.obligation(3)
    notice_services.obligation_assign(
        by=w.user("coordinator"),
        obligation=three,
        departments=[w.dept_a_other],
        name="县安委会有关成员单位",
    )
    three.refresh_from_db()
    assert three.pending_units == []
    assert Occurrence.objects.filter(obligation=three, department=w.dept_a_other).count() == 1
    with pytest.raises(PermissionDenied):
        notice_services.obligation_assign(
            by=w.user("leader"), obligation=three, departments=[w.dept_a]
        )
    with pytest.raises(OutOfScope):  # dept_a is not on task 3: its staff do not see it
        notice_services.obligation_assign(
            by=w.user("regulator"), obligation=three, departments=[w.dept_a]
        )


def test_indicator_values_are_recorded_by_responsible_units(duties):
    w = duties.world
    indicator = duties.obligation(4).indicators.get()
    assert indicator.target_value == 100
    progress.indicator_record(by=w.user("regulator"), indicator=indicator, value="85.5")
    indicator.refresh_from_db()
    assert indicator.current_value == pytest.approx(85.5) and indicator.percent == 85
    with pytest.raises(ValidationError):
        progress.indicator_record(by=w.user("coordinator"), indicator=indicator, value="-1")
    with pytest.raises(PermissionDenied):
        progress.indicator_record(by=w.user("leader"), indicator=indicator, value=1)


def test_a_supporting_department_assigned_as_lead_becomes_lead_everywhere(duties):
    w = duties.world
    four = duties.obligation(4)
    notice_services.obligation_assign(by=None, obligation=four, departments=[w.dept_a])
    assert four.units.get(department=w.dept_a).role == "lead"
    roles = set(four.occurrences.filter(department=w.dept_a).values_list("role", flat=True))
    assert roles == {"lead"}
