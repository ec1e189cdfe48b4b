"""What an import did, or would do (a preview): rows created and updated, or every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

from django.db import models

from anjian.core.imports.cells import RowError

ACTION_LABELS = {"create": "新建", "update": "更新", "unchanged": "无变化"}


class SheetCountsDict(TypedDict):
    """``SheetCounts.as_dict()``: the rows of one sheet, as the API answers them."""

    created: int
    updated: int
    unchanged: int


class Counts(SheetCountsDict):
    """``ImportResult.counts()``: the API's answer and a finished job's ``result``."""

    children: NotRequired[dict[str, SheetCountsDict]]


@dataclass
class SheetCounts:
    """Rows of one sheet: created, updated and left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> SheetCountsDict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class PreviewRow:
    """One row as the preview shows it: what will happen and the cells as they were read."""

    sheet: str | None
    number: int
    action: str
    cells: list[str]
    changed: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


@dataclass
class ImportResult:
    """An all-or-nothing import: what was (or, in a preview, would be) written, or every
    problem, in which case nothing was written."""

    created: list[models.Model] = field(default_factory=list)
    updated: list[models.Model] = field(default_factory=list)
    unchanged: int = 0
    children: dict[str, SheetCounts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0  # data rows in the main sheet
    rows: list[PreviewRow] = field(default_factory=list)  # a preview's first rows
    headers: list[str] = field(default_factory=list)  # the preview table's columns
    preview: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def count(self) -> int:
        return len(self.created)

    def counts(self) -> Counts:
        """The API's answer: created / updated / unchanged, and the same per child sheet."""
        data: Counts = {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
        }
        if self.children:
            data["children"] = {sheet: c.as_dict() for sheet, c in self.children.items()}
        return data

    def summary(self, unit: str) -> str:
        return summary(self.counts(), unit)


def summary(counts: Counts, unit: str) -> str:
    """ "已导入3家单位。" or "导入完成：新建1家单位，更新2家单位，……" from ``counts()``."""
    created, updated, unchanged = counts["created"], counts["updated"], counts["unchanged"]
    added = {s: c["created"] for s, c in counts.get("children", {}).items() if c["created"]}
    if not updated and not unchanged and not added:
        return f"已导入{created}{unit}。"
    parts = [f"新建{created}{unit}", f"更新{updated}{unit}"]
    if unchanged:
        parts.append(f"{unchanged}{unit}无变化")
    parts += [f"新增{sheet}{n}条" for sheet, n in added.items()]
    return "导入完成：" + "，".join(parts) + "。"


def file_error(reason: str) -> ImportResult:
    """A problem with the whole file (its type, size, headers…)."""
    from anjian.core.imports.cells import FILE

    return ImportResult(errors=[RowError(None, FILE, reason)])
