"""Reference data ships with its sources and loads idempotently; the demo adds a year once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from anjian.accidents.models import (
    Accident,
    AccidentGrade,
    AccidentParameter,
    EscalationRule,
    IndustryWarning,
    SupervisionTask,
)
from anjian.accidents.reference_data import DATA_DIR, DATASETS
from anjian.accidents.rulebook import load_rulebook
from anjian.core import audit
from anjian.core.models import AccidentCategory, AuditEvent, ReferenceDataset
from anjian.core.services import reference


def test_every_dataset_is_registered_and_cites_its_sources():
    for name, filename, _loader in DATASETS:
        assert reference.REGISTRY[name].path == DATA_DIR / filename
        doc, _digest = reference.read_dataset(DATA_DIR / filename)
        assert doc["dataset"] == name and doc["sources"] and doc["rows"]
        assert any("regulations" in s or "notices" in s or "GB" in s for s in doc["sources"])


def test_loading_twice_changes_nothing_the_second_time(db):
    out = StringIO()
    call_command("load_reference", *[name for name, _f, _l in DATASETS], stdout=out)
    events = AuditEvent.objects.count()
    assert out.getvalue().count("changed") == len(DATASETS) and events > 0
    again = StringIO()
    call_command("load_reference", *[name for name, _f, _l in DATASETS], "--force", stdout=again)
    assert AuditEvent.objects.count() == events
    assert ReferenceDataset.objects.filter(name__startswith="accidents.").count() == len(DATASETS)


def test_loaded_rules_match_the_regulation(rules):
    assert AccidentCategory.objects.count() == 20
    assert list(AccidentCategory.objects.filter(is_fire=True).values_list("code", flat=True)) == [
        "08"
    ]
    larger = AccidentGrade.objects.get(code="larger")
    assert (larger.min_deaths, larger.min_serious_injuries, int(larger.min_direct_loss)) == (
        3,
        10,
        10_000_000,
    )
    assert (larger.report_up_to, larger.investigated_by, larger.reply_days) == (
        "province",
        "city",
        15,
    )
    params = dict(AccidentParameter.objects.values_list("code", "value"))
    assert (params["unit_report_hours"], params["upward_report_hours"]) == (1, 2)
    assert (params["casualty_change_days"], params["casualty_change_days_traffic_fire"]) == (30, 7)
    rule = EscalationRule.objects.get(code="larger_2_in_3_months")
    assert (rule.min_grade.code, rule.min_count, rule.window_months) == ("larger", 2, 3)


def test_a_changed_threshold_is_a_data_change_not_a_code_change(rules):
    """Grading reads the rows: lowering the bound in the table regrades new accidents."""
    AccidentGrade.objects.filter(code="larger").update(min_deaths=2)
    from anjian.accidents.rules import Figures

    assert load_rulebook().grade_for(Figures(deaths=2)).code == "larger"


def test_services_say_clearly_when_the_reference_data_is_missing(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="load-reference"):
        load_rulebook()


def test_demo_adds_a_year_of_accidents_that_trips_the_escalation_rule_once(db):
    call_command("load_reference", stdout=StringIO())
    first = StringIO()
    call_command("demo", stdout=first)
    assert "20 demo accidents" in first.getvalue()
    demo = Accident.objects.filter(is_demo=True)
    assert demo.count() == 20 and demo.filter(grade__code="larger").count() == 2
    task = SupervisionTask.objects.get(region__code="140222", rule__code="larger_2_in_3_months")
    assert set(task.accidents.all()) == set(demo.filter(grade__code="larger"))
    assert IndustryWarning.objects.get().acknowledgements.exclude(acknowledged_at=None).exists()
    counts = (AuditEvent.objects.count(), Accident.objects.count(), SupervisionTask.objects.count())
    second = StringIO()
    call_command("demo", stdout=second)
    mine = [line for line in second.getvalue().splitlines() if line.startswith("accidents:")]
    assert len(mine) == 1 and "nothing changed" in mine[0]
    assert (
        AuditEvent.objects.count(),
        Accident.objects.count(),
        SupervisionTask.objects.count(),
    ) == counts
    assert audit.verify_chain().ok
    assert list(audit.verify_state()) == []
