"""The risk reference files cite their sources, load idempotently and keep the audit clean."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from anjian.core import audit
from anjian.core.models import AuditEvent, ReferenceDataset
from anjian.core.services import reference
from anjian.risks.models import (
    HazardFactorCategory,
    LecFactor,
    LsScale,
    MajorHazardCriterion,
    MajorHazardCriterionList,
    RiskBand,
)
from anjian.risks.reference_data import CRITERIA_FILES, DATA_DIR, DATASETS, criteria_list_meta

NAMES = [name for name, _filename, _loader in DATASETS]


def rows_of(filename: str) -> list[dict]:
    doc, _digest = reference.read_dataset(DATA_DIR / filename)
    return [dict(zip(doc["columns"], values, strict=True)) for values in doc["rows"]]


def test_every_dataset_is_registered_and_cites_its_sources():
    assert len(DATASETS) == 10
    for name, filename, _loader in DATASETS:
        assert reference.REGISTRY[name].path == DATA_DIR / filename
        doc, _digest = reference.read_dataset(DATA_DIR / filename)
        assert doc["dataset"] == name and doc["title"] and doc["rows"]
        assert any("regulations.md" in s for s in doc["sources"])
        assert any("http" in s for s in doc["sources"])


@pytest.mark.parametrize("name", NAMES)
def test_each_file_loads_once_and_a_second_load_changes_nothing(db, name):
    first = StringIO()
    call_command("load_reference", name, stdout=first)
    events = AuditEvent.objects.count()
    rows = ReferenceDataset.objects.get(name=name).rows
    assert events >= rows > 0 and f"{rows} changed" in first.getvalue()
    again = StringIO()
    call_command("load_reference", name, stdout=again)
    assert "unchanged" in again.getvalue()
    forced = StringIO()
    call_command("load_reference", name, "--force", stdout=forced)
    assert "0 changed" in forced.getvalue()
    assert AuditEvent.objects.count() == events


def test_all_files_load_into_their_tables_and_the_audit_verifies(db):
    call_command("load_reference", *NAMES, stdout=StringIO())
    lec = rows_of("lec.json")
    ls = rows_of("ls.json")
    assert LecFactor.objects.count() == sum(r["kind"] == "factor" for r in lec) == 19
    assert LsScale.objects.count() == sum(r["kind"] == "factor" for r in ls) == 10
    assert RiskBand.objects.filter(method="LEC").count() == 4
    assert RiskBand.objects.filter(method="LS").count() == 4
    assert HazardFactorCategory.objects.count() == len(rows_of("hazard_factors.json"))
    assert MajorHazardCriterionList.objects.count() == len(CRITERIA_FILES)
    assert MajorHazardCriterion.objects.count() == sum(len(rows_of(f)) for f in CRITERIA_FILES)
    assert audit.verify_chain().ok
    assert list(audit.verify_state()) == []
    out = StringIO()
    call_command("audit", "verify", "--state", stdout=out)
    assert "audit chain OK" in out.getvalue()
    assert "business rows match their audited state" in out.getvalue()


def test_every_band_has_its_colour_and_chinese_level_name(db):
    call_command("load_reference", "risks.lec", "risks.ls", stdout=StringIO())
    expected = {
        "major": ("重大", "red"),
        "large": ("较大", "orange"),
        "general": ("一般", "yellow"),
        "low": ("低", "blue"),
    }
    for band in RiskBand.objects.all():
        assert (band.level_name, band.colour) == expected[band.level]
        assert band.source


def test_hazard_factor_codes_hang_off_their_parents():
    rows = rows_of("hazard_factors.json")
    codes = {r["code"] for r in rows}
    for r in rows:
        assert r["level"] == {1: 1, 2: 2, 4: 3, 6: 4}[len(r["code"])]
        if r["level"] == 1:
            assert r["parent_code"] == ""
        else:
            assert r["parent_code"] in codes and r["code"].startswith(r["parent_code"])
    assert {r["code"] for r in rows if r["level"] == 1} == {"1", "2", "3", "4"}
    # regulations.md §4 gives the 22/23/3x/4x codes from memory: they ship marked so.
    marked = {r["code"] for r in rows if r["status"] == "M"}
    assert {"22", "23", "31", "32", "33", "39", "41", "42", "43", "44", "45", "49"} == marked


# What regulations.md §7 states per list: (complete, stated count).
STATED = {
    "gongmao": (False, 64),
    "chemical": (True, 20),
    "fireworks": (True, 20),
    "coal": (True, 15),
    "metal_nonmetal": (False, 64),
    "fire": (False, None),
    "construction": (False, None),
}


def test_criteria_lists_say_whether_they_are_complete_and_complete_ones_have_every_item(db):
    call_command("load_reference", *[n for n in NAMES if "criteria" in n], stdout=StringIO())
    lists = {c.code: c for c in MajorHazardCriterionList.objects.all()}
    assert set(lists) == set(STATED)
    for code, (complete, stated) in STATED.items():
        criterion_list = lists[code]
        assert (criterion_list.complete, criterion_list.stated_count) == (complete, stated)
        shipped = criterion_list.criteria.count()
        if complete:
            assert shipped == stated
        else:
            assert 0 < shipped < (stated or 10_000)
    assert lists["chemical"].criteria.count() == 20
    assert lists["coal"].criteria.count() == 15
    for criterion in MajorHazardCriterion.objects.select_related("criterion_list"):
        assert criterion.text.strip() and criterion.article.strip()
        assert criterion.criterion_list_id is not None


def test_criteria_files_keep_the_memory_marks_of_the_notes():
    for filename in CRITERIA_FILES:
        meta = criteria_list_meta(filename)
        assert meta["source"] and meta["title"]
        for row in rows_of(filename):
            assert row["status"] in {"C", "M", "D"}
            assert row["text"].strip()
            if "[M]" in row["note"] and "措辞 [M]" in row["note"]:
                assert row["status"] == "M"
    marked = {r["code"] for f in CRITERIA_FILES for r in rows_of(f) if r["status"] == "M"}
    assert marked == {
        "工贸-12-01",
        "工贸-12-02",
        "工贸-13-01",
        "工贸-13-02",
        "火灾-6.7",
        "房屋市政-04-04",
        "房屋市政-14-01",
    }


def test_data_files_are_plain_json_with_unique_codes():
    for _name, filename, _loader in DATASETS:
        doc = json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))
        codes = [dict(zip(doc["columns"], r, strict=True))["code"] for r in doc["rows"]]
        assert len(codes) == len(set(codes)), filename
