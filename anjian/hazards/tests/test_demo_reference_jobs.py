"""Hazard parameters cite sources; the demo covers every state once; the jobs are registered."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from anjian.core import audit, jobs
from anjian.hazards.models import (
    Hazard,
    HazardParameter,
    HazardStatus,
    PublicReport,
    PublicReportStatus,
)
from anjian.hazards.reference_data import DATA_DIR, parameters
from anjian.hazards.tests.conftest import advance, report


def test_parameters_file_cites_its_sources():
    doc = json.loads((DATA_DIR / "parameters.json").read_text(encoding="utf-8"))
    assert doc["sources"] and any("第四十一条" in s for s in doc["sources"])


def test_services_say_clearly_when_parameters_are_missing(db):
    with pytest.raises(ValidationError, match="load-reference"):
        parameters()


@pytest.mark.usefixtures("hazard_rules")
def test_a_longer_double_report_limit_is_a_data_change(world):
    from anjian.hazards.services import followup

    hazard = report(world, level="major", found_at=timezone.now() - dt.timedelta(days=30))
    HazardParameter.objects.filter(code="double_report_working_days").update(value=60)
    assert followup.double_report_check() == 0
    HazardParameter.objects.filter(code="double_report_working_days").update(value=5)
    assert followup.double_report_check() == 1
    assert Hazard.objects.get(pk=hazard.pk).double_report_late


@pytest.mark.usefixtures("hazard_rules")
def test_scheduled_jobs_mark_overdue_hazards(world):
    assert {"hazards.overdue", "hazards.double_report"} <= set(jobs.REGISTRY)
    hazard = advance(world, report(world), "assigned")
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    message = jobs.REGISTRY["hazards.overdue"].fn(timezone.now())
    assert message.startswith("1 ")


def test_demo_has_every_state_once_and_stays_audited(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_reference", stdout=StringIO())
    first = StringIO()
    call_command("demo", stdout=first)
    assert "240 demo hazards" in first.getvalue()
    demo = Hazard.objects.filter(is_demo=True)
    assert set(demo.values_list("status", flat=True)) == set(HazardStatus.values)
    assert demo.filter(level="major").exists() and demo.filter(is_listed=True).exists()
    assert demo.filter(overdue_since__isnull=False).exists()
    statuses = set(PublicReport.objects.values_list("status", flat=True))
    assert statuses == set(PublicReportStatus.values)
    assert Hazard.objects.filter(source="public").count() == 2
    again = StringIO()
    call_command("demo", stdout=again)
    assert "nothing changed" in again.getvalue() and demo.count() == 240
    assert list(audit.verify_state()) == []
