"""Loaders of the accident reference data files (``anjian load-reference``), audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from anjian.accidents.models import (
    AccidentGrade,
    AccidentParameter,
    EscalationRule,
    ReopeningItem,
)
from anjian.core.services import reference

DATA_DIR = Path(__file__).resolve().parent / "data"


def grade_values(row: dict) -> dict:
    return {
        "name": row["name"],
        "rank": row["rank"],
        "min_deaths": row["min_deaths"],
        "min_serious_injuries": row["min_serious_injuries"],
        "min_direct_loss": Decimal(row["min_direct_loss_yuan"]),
        "report_up_to": row["report_up_to"],
        "investigated_by": row["investigated_by"],
        "reply_days": row["reply_days"],
    }


def escalation_values(row: dict) -> dict:
    return {
        "name": row["name"],
        "min_grade": AccidentGrade.objects.get(code=row["min_grade"]),
        "min_count": row["min_count"],
        "window_months": row["window_months"],
        "region_levels": list(row["region_levels"]),
        "task_kind": row["task_kind"],
    }


def columns(*names: str) -> Callable[[dict], dict]:
    """A row's values of ``names``, as the file has them."""
    return lambda row: {name: row[name] for name in names}


@dataclass(frozen=True)
class Spec:
    """A data file, the table its rows go to (keyed by ``code``) and how a row maps to fields."""

    name: str
    filename: str
    model: type
    action: str
    values: Callable[[dict], dict]

    def load_row(self, row: dict, by) -> bool:
        _row, changed = reference.upsert(
            self.model,
            by=by,
            lookup={"code": row["code"]},
            values=self.values(row),
            action=self.action,
        )
        return changed

    def rows(self) -> list[dict]:
        doc, _digest = reference.read_dataset(DATA_DIR / self.filename)
        return [dict(zip(doc["columns"], values, strict=True)) for values in doc["rows"]]


parameter_values = columns("name", "value", "unit")
item_values = columns("name", "sort_order")

# Registered in this order: escalation rules name grades, so grades load first.
SPECS = [
    Spec("accidents.grades", "grades.json", AccidentGrade, "grade", grade_values),
    Spec(
        "accidents.parameters", "parameters.json", AccidentParameter, "parameter", parameter_values
    ),
    Spec(
        "accidents.escalation_rules",
        "escalation_rules.json",
        EscalationRule,
        "escalation",
        escalation_values,
    ),
    Spec(
        "accidents.reopening_items", "reopening_items.json", ReopeningItem, "reopening", item_values
    ),
]
DATASETS = [(spec.name, spec.filename, spec.load_row) for spec in SPECS]


def register_datasets() -> None:
    for name, filename, loader in DATASETS:
        reference.register(name, DATA_DIR / filename, loader)


def load_all(by=None) -> None:
    """Load every accident dataset (the demo and the tests use it; the command does the same)."""
    for name, _filename, _loader in DATASETS:
        reference.dataset_load(by=by, name=name)
