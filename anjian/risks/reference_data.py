"""Loaders of the risk reference data files (``anjian load-reference``), audited."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from anjian.core.services import reference
from anjian.risks.models import (
    HazardFactorCategory,
    LecFactor,
    LsScale,
    MajorHazardCriterion,
    MajorHazardCriterionList,
    RiskBand,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _band_row(row: dict, by, method: str) -> bool:
    values = {
        "method": method,
        "lower_bound": Decimal(row["value"]),
        "level": row["level"],
        "level_name": row["level_name"],
        "colour": row["colour"],
        "description": row["description"],
        "source": row["source"],
        "status": row["status"],
    }
    return reference.upsert(
        RiskBand, by=by, lookup={"code": row["code"]}, values=values, action="riskband"
    )[1]


def _load_lec(row: dict, by) -> bool:
    if row["kind"] == "band":
        return _band_row(row, by, "LEC")
    values = {
        "factor": row["axis"],
        "score": Decimal(row["value"]),
        "description": row["description"],
        "alternative": row["alternative"],
        "status": row["status"],
    }
    return reference.upsert(
        LecFactor, by=by, lookup={"code": row["code"]}, values=values, action="lec"
    )[1]


def _load_ls(row: dict, by) -> bool:
    if row["kind"] == "band":
        return _band_row(row, by, "LS")
    values = {
        "axis": row["axis"],
        "value": int(row["value"]),
        "description": row["description"],
        "alternative": row["alternative"],
        "status": row["status"],
    }
    return reference.upsert(
        LsScale, by=by, lookup={"code": row["code"]}, values=values, action="ls"
    )[1]


def _load_hazard_factor(row: dict, by) -> bool:
    values = {
        "name": row["name"],
        "parent_code": row["parent_code"],
        "level": row["level"],
        "note": row["note"],
        "status": row["status"],
    }
    return reference.upsert(
        HazardFactorCategory,
        by=by,
        lookup={"code": row["code"]},
        values=values,
        action="hazardfactor",
    )[1]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def criteria_list_meta(filename: str) -> dict:
    """The ``list`` object of a criteria file: the standard the rows belong to."""
    return json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))["list"]


def _criteria_loader(filename: str) -> Callable[[dict, object], bool]:
    def load_row(row: dict, by) -> bool:
        meta = criteria_list_meta(filename)
        criterion_list, list_changed = reference.upsert(
            MajorHazardCriterionList,
            by=by,
            lookup={"code": meta["code"]},
            values={
                "industry": meta["industry"],
                "title": meta["title"],
                "document_number": meta["document_number"],
                "issued_on": _date(meta["issued_on"]),
                "effective_on": _date(meta["effective_on"]),
                "stated_count": meta["stated_count"],
                "complete": meta["complete"],
                "source": meta["source"],
            },
            action="criterionlist",
        )
        _obj, changed = reference.upsert(
            MajorHazardCriterion,
            by=by,
            lookup={"code": row["code"]},
            values={
                "criterion_list": criterion_list,
                "article": row["article"],
                "heading": row["heading"],
                "text": row["text"],
                "note": row["note"],
                "status": row["status"],
                "sort_order": row["sort_order"],
            },
            action="criterion",
        )
        return changed or list_changed

    return load_row


CRITERIA_FILES = [
    "criteria_gongmao.json",
    "criteria_chemical.json",
    "criteria_fireworks.json",
    "criteria_coal.json",
    "criteria_metal_nonmetal.json",
    "criteria_fire.json",
    "criteria_construction.json",
]

DATASETS: list[tuple[str, str, Callable[[dict, object], bool]]] = [
    ("risks.lec", "lec.json", _load_lec),
    ("risks.ls", "ls.json", _load_ls),
    ("risks.hazard_factors", "hazard_factors.json", _load_hazard_factor),
] + [
    (f"risks.{filename.removesuffix('.json')}", filename, _criteria_loader(filename))
    for filename in CRITERIA_FILES
]


def register_datasets() -> None:
    for name, filename, loader in DATASETS:
        reference.register(name, DATA_DIR / filename, loader)


def load_all(by=None) -> None:
    """Load every risk dataset (tests and the demo use it; the command does the same)."""
    for name, _filename, _loader in DATASETS:
        reference.dataset_load(by=by, name=name)
