"""The period's transition table is the one copy of its rules: services, page forms and the
API's ``available_actions`` all come from it; a task made outside a notice is tracked alike."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from anjian.core.models import AuditEvent
from anjian.duties.models import Occurrence, OccurrenceStatus, ProgressDecision
from anjian.duties.services import progress
from anjian.duties.services.obligations import obligation_create

pytestmark = pytest.mark.django_db


def first_period(duties):
    return duties.obligation(1).occurrences.order_by("due_date").first()


def actions(user, occurrence):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/occurrences/{occurrence.pk}/")
    assert response.status_code == 200
    return response.json()["available_actions"]


def test_the_api_detail_lists_the_steps_the_table_allows_each_role_now(duties):
    w, occurrence = duties.world, first_period(duties)
    assert actions(w.user("regulator"), occurrence) == ["submit"]
    assert actions(w.user("coordinator"), occurrence) == []
    progress.progress_submit(by=w.user("regulator"), occurrence=occurrence, text="已开会")
    assert actions(w.user("regulator"), occurrence) == []
    assert actions(w.user("coordinator"), occurrence) == ["accept", "return"]
    assert actions(w.user("leader"), occurrence) == []


@pytest.mark.parametrize("role", ["regulator", "coordinator"])
def test_the_period_page_runs_the_same_queries_whatever_steps_it_shows(duties, role):
    """Its forms come from the table and the loaded assignments: no query per step."""
    occurrence = first_period(duties)
    client = Client()
    client.force_login(duties.world.user(role))
    url = reverse("duties:occurrence_detail", args=[occurrence.pk])
    progress.progress_submit(by=None, occurrence=occurrence, text="已开会")
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as submitted:
        shown = client.get(url).content.decode()
    progress.progress_return(by=None, occurrence=occurrence, reason="请补充纪要")
    with CaptureQueriesContext(connection) as returned:
        again = client.get(url).content.decode()
    assert len(submitted.captured_queries) == len(returned.captured_queries)
    step = 'value="accept"' if role == "coordinator" else 'value="submit"'
    assert (step in shown, step in again) == (
        (True, False) if role == "coordinator" else (False, True)
    )


def test_accepting_decides_the_pending_report_and_records_on_time(duties):
    w, occurrence = duties.world, first_period(duties)
    progress.progress_submit(by=w.user("regulator"), occurrence=occurrence, text="已开会")
    accepted = progress.progress_accept(by=w.user("coordinator"), occurrence=occurrence)
    report = occurrence.reports.get()
    assert report.decision == ProgressDecision.ACCEPTED
    assert report.decided_by == w.user("coordinator") and report.reason == ""
    assert accepted.on_time is (timezone.localdate() <= occurrence.due_date)
    assert accepted.version == 3  # created 1, submitted 2, accepted 3
    assert AuditEvent.objects.filter(action="progress.accept").count() == 1


def test_a_task_made_outside_a_notice_is_tracked_and_shown_like_a_notices_task(duties):
    w = duties.world
    coordinator = w.user("coordinator")
    due = timezone.localdate() + dt.timedelta(days=20)
    obligation = obligation_create(
        by=coordinator,
        region=w.county_a,
        text="开展危化品企业专项整治",
        lead=w.dept_a,
        due_date=due,
        origin="事故调查：甲一化工",
    )
    occurrence = Occurrence.objects.get(obligation=obligation)
    assert (occurrence.period, occurrence.due_date) == (f"{due:%Y-%m-%d}", due)
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("duties:obligation_detail", args=[obligation.pk]))
    assert page.status_code == 200
    assert (
        "事故调查：甲一化工" in page.content.decode() and "甲县应急管理局" in page.content.decode()
    )
    assert client.get(reverse("duties:occurrence_detail", args=[occurrence.pk])).status_code == 200
    assert client.get(reverse("duties:dashboard")).status_code == 200
    progress.progress_submit(by=w.user("regulator"), occurrence=occurrence, text="已整治12家")
    progress.progress_accept(by=coordinator, occurrence=occurrence)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.ACCEPTED and occurrence.on_time


def test_duties_rows_pass_model_validation_on_the_way_in(duties):
    """A target the column cannot hold is left in the text instead of failing the upload."""
    from anjian.duties.models import Indicator

    assert Indicator.amount("85.555") == Decimal("85.56")
    assert Indicator.amount("1e15") is None and Indicator.amount("-1") is None
    for indicator in Indicator.objects.all():
        indicator.full_clean()
    for occurrence in Occurrence.objects.all():
        occurrence.full_clean()
