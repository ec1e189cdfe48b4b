"""Loading versioned reference data files into their tables, audited, idempotently."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from anjian.core.models import (
    AccidentCategory,
    CalendarDay,
    ReferenceDataset,
    Region,
    Sector,
    User,
)
from anjian.core.services.common import create_audited, update_audited

Row = TypeVar("Row", bound=models.Model)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Dataset:
    """A reference data file and the function that upserts one of its rows."""

    name: str
    path: Path
    load_row: Callable[[dict, User | None], bool]


REGISTRY: dict[str, Dataset] = {}


def register(name: str, path: Path, load_row: Callable[[dict, User | None], bool]) -> None:
    """Make a data file loadable by ``anjian load-reference`` (apps call this in ``ready``)."""
    REGISTRY[name] = Dataset(name, path, load_row)


def upsert(
    model: type[Row], *, by: User | None, lookup: dict, values: dict, action: str
) -> tuple[Row, bool]:
    """Create the row or change what differs (audited): the row, and whether it was written."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = create_audited(by=by, obj=model(**lookup, **values), action=f"{action}.create")
        return obj, True
    changes = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changes:
        update_audited(by=by, obj=obj, changes=changes, action=f"{action}.update")
    return obj, bool(changes)


@transaction.atomic
def region_upsert(
    *,
    by: User | None,
    code: str,
    name: str,
    level: int,
    parent: Region | None,
    historical_codes: list[str] | None = None,
    is_demo: bool = False,
) -> Region:
    """Create or update a region by code, keeping ``path`` and ``full_name`` in step."""
    region = Region.objects.filter(code=code).first()
    values = {
        "name": name,
        "level": level,
        "parent": parent,
        "historical_codes": historical_codes or [],
        "is_demo": is_demo,
    }
    probe = Region(code=code, **values)
    values["path"] = probe.compute_path()
    values["full_name"] = probe.compute_full_name()
    if region is None:
        return create_audited(by=by, obj=Region(code=code, **values), action="region.create")
    changes = {k: v for k, v in values.items() if getattr(region, k) != v}
    if changes:
        if "path" in changes and Region.objects.filter(parent=region).exists():
            _rebase_children(region, values["path"])
        update_audited(by=by, obj=region, changes=changes, action="region.update")
    return region


def _rebase_children(region: Region, new_path: str) -> None:
    """A re-parented region carries its subtree with it (paths are not audited fields)."""
    old = region.path
    for child in Region.objects.filter(path__startswith=old).exclude(pk=region.pk):
        Region.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old) :])


def _load_region(row: dict[str, Any], by: User | None) -> bool:
    parent = Region.objects.get(code=row["parent"]) if row["parent"] else None
    before = (
        Region.objects.filter(code=row["code"]).values_list("name", "level", "parent_id").first()
    )
    region = region_upsert(
        by=by,
        code=row["code"],
        name=row["name"],
        level=row["level"],
        parent=parent,
        historical_codes=row.get("historical_codes") or [],
    )
    return before != (region.name, region.level, region.parent_id)


def row_loader(
    model: type[models.Model], action: str, *, key: str = "code", fields: str = "", **fixed: Any
) -> Callable[[dict, User | None], bool]:
    """A dataset's row loader: upsert ``model`` by the row's ``key`` with the row's ``fields``
    (names separated by spaces) and the ``fixed`` values; it answers whether it wrote."""

    def load(row: dict[str, Any], by: User | None) -> bool:
        values = {name: row[name] for name in fields.split()} | fixed
        return upsert(model, by=by, lookup={key: row[key]}, values=values, action=action)[1]

    return load


register("core.regions", DATA_DIR / "regions.json", _load_region)
register(
    "core.calendar",
    DATA_DIR / "calendar.json",
    row_loader(CalendarDay, "calendarday", key="date", fields="kind name source"),
)
register(
    "core.sectors",
    DATA_DIR / "sectors.json",
    row_loader(Sector, "sector", fields="name is_high_risk sort_order", source="core.sectors"),
)
register(
    "core.accident_categories",
    DATA_DIR / "accident_categories.json",
    row_loader(AccidentCategory, "category", fields="name is_fire"),
)


@dataclass
class LoadResult:
    """What one dataset load did."""

    name: str
    version: str
    rows: int
    changed: int
    skipped: bool


def read_dataset(path: Path) -> tuple[dict, str]:
    """A dataset file's document (checked for its keys) and the SHA-256 of its bytes."""
    raw = path.read_bytes()
    doc = json.loads(raw)
    for key in ("dataset", "version", "sources", "columns", "rows"):
        if key not in doc:
            raise ValueError(f"{path.name}: missing '{key}'")
    return doc, hashlib.sha256(raw).hexdigest()


@transaction.atomic
def dataset_load(*, by: User | None, name: str, force: bool = False) -> LoadResult:
    """Load one dataset file; a file already loaded with the same content is skipped."""
    dataset = REGISTRY[name]
    doc, digest = read_dataset(dataset.path)
    record = ReferenceDataset.objects.filter(name=name).first()
    if record and record.sha256 == digest and not force:
        return LoadResult(name, doc["version"], len(doc["rows"]), 0, skipped=True)
    changed = 0
    for values in doc["rows"]:
        row = dict(zip(doc["columns"], values, strict=True))
        changed += bool(dataset.load_row(row, by))
    ReferenceDataset.objects.update_or_create(
        name=name,
        defaults={
            "version": doc["version"],
            "sha256": digest,
            "rows": len(doc["rows"]),
            "source": "\n".join(doc["sources"]),
        },
    )
    return LoadResult(name, doc["version"], len(doc["rows"]), changed, skipped=False)
