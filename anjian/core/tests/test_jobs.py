"""Scheduled jobs run when due, once per interval, and a failing one does not stop the rest."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from anjian.core import jobs
from anjian.core.models import JobRun


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(jobs, "REGISTRY", {})
    calls = []

    def hourly(now):
        calls.append(("hourly", now))
        return "did hourly"

    def broken(now):
        raise RuntimeError("boom")

    jobs.register("test.hourly", dt.timedelta(hours=1), hourly)
    jobs.register("test.broken", dt.timedelta(minutes=5), broken)
    return calls


def test_a_job_runs_when_due_and_not_again_within_its_interval(db, registry):
    start = timezone.now()
    assert "test.hourly: did hourly" in jobs.run_due(start)
    assert "test.hourly: did hourly" not in jobs.run_due(start + dt.timedelta(minutes=59))
    assert "test.hourly: did hourly" in jobs.run_due(start + dt.timedelta(hours=1))
    assert [name for name, _ in registry] == ["hourly", "hourly"]


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(db, registry):
    lines = jobs.run_due(timezone.now())
    assert "test.broken: FAILED" in lines and "test.hourly: did hourly" in lines
    run = JobRun.objects.get(name="test.broken")
    assert "RuntimeError: boom" in run.last_error and run.last_finished_at is not None


def test_jobs_command_runs_one_round_and_lists_jobs(db, registry):
    out = StringIO()
    call_command("jobs", "run", "--once", stdout=out)
    assert "test.hourly: did hourly" in out.getvalue()
    listing = StringIO()
    call_command("jobs", "list", stdout=listing)
    assert "test.hourly" in listing.getvalue() and "never" not in listing.getvalue()
