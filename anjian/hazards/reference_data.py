"""Loader of the hazard rule parameters (``anjian load-reference``), audited."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError

from anjian.core.services import reference
from anjian.hazards.models import HazardParameter

DATA_DIR = Path(__file__).resolve().parent / "data"
REQUIRED_PARAMETERS = ("double_report_working_days", "repeat_window_months")


def _load_parameter(row: dict, by) -> bool:
    values = {"name": row["name"], "value": row["value"], "unit": row["unit"]}
    return reference.upsert(
        HazardParameter, by=by, lookup={"code": row["code"]}, values=values, action="hazardparam"
    )[1]


def register_datasets() -> None:
    reference.register("hazards.parameters", DATA_DIR / "parameters.json", _load_parameter)


def parameters() -> dict[str, int]:
    """The loaded parameters by code; a clear error when they have not been loaded."""
    params = dict(HazardParameter.objects.values_list("code", "value"))
    missing = [code for code in REQUIRED_PARAMETERS if code not in params]
    if missing:
        names = "、".join(missing)
        raise ValidationError(f"隐患规则参数未载入（缺少：{names}），请先运行 load-reference。")
    return params


def load_all(by=None) -> None:
    """Load the hazard parameters and what they rest on (calendar, criteria, categories)."""
    from anjian.core.services.reference import dataset_load
    from anjian.risks import reference_data as risks_reference

    risks_reference.load_all(by=by)
    for name in ("core.calendar", "hazards.parameters"):
        dataset_load(by=by, name=name)
