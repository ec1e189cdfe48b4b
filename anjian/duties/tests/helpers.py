"""Shared test helpers: the development set, F1 over parsed items, and an output validator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from anjian.duties.tests import score

NOTICES = Path(__file__).resolve().parent.parent / "data" / "notices"
GOLD = NOTICES / "gold"
PERIODS = {"week", "month", "quarter", "half_year", "year"}


def notice_files() -> list[Path]:
    """The five development notices, in order."""
    return sorted(NOTICES.glob("*.txt"))


def gold_for(path: Path) -> dict:
    """The hand-made answer for a development notice."""
    import json

    return json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))


def f1(pred: dict, gold: dict, field: str) -> float:
    """F1 of one field (items, tasks, units …) for one document, as score.py counts it."""
    p, g = score.item_sets(pred)[field], score.item_sets(gold)[field]
    return score.prf(len(p & g), len(p), len(g))[2]


def assert_valid(doc: dict) -> None:
    """The output is well-formed interchange JSON, whatever the input looked like."""
    assert isinstance(doc["items"], list)
    for key in ("title", "doc_number", "issuer", "date"):
        assert doc[key] is None or isinstance(doc[key], str)
    if doc["date"]:
        dt.date.fromisoformat(doc["date"])
    assert doc["year"] is None or isinstance(doc["year"], int)
    for item in doc["items"]:
        assert item["path"] and all(isinstance(p, str) and p for p in item["path"]), item
        assert item["heading"] is None or isinstance(item["heading"], str)
        assert isinstance(item["is_task"], bool)
        for unit in item["units"]:
            assert isinstance(unit, str) and unit and not any(ch.isspace() for ch in unit), unit
        for deadline in item["deadlines"]:
            dt.date.fromisoformat(deadline["date"])
        for rec in item["recurrences"]:
            assert rec["period"] in PERIODS, rec
            assert isinstance(rec["min_count"], int) and rec["min_count"] >= 1, rec
        for target in item["targets"]:
            assert isinstance(target["value"], int | float) and target["unit"], target
