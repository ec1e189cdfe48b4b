"""Names typed in a spreadsheet → the rows they mean, loaded once per file, within scope.

A ``Lookup`` serves one column: ``load`` fetches every name the file uses with one query,
``resolve`` answers one cell from what was loaded (never a query per row), ``label`` writes
the name an export uses, and ``allowed`` lists what the user may type, for the template's
填写说明 sheet. Regions, departments, staff and enterprises are looked up only among those
the importing user can see, so a name outside their jurisdiction reads as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from anjian.core.access import access_for
from anjian.core.imports.cells import CellError, split_codes
from anjian.core.models import (
    Department,
    DepartmentAlias,
    Enterprise,
    Region,
    RegionLevel,
    Sector,
    User,
)
from anjian.core.validators import normalise_credit_code

_M = TypeVar("_M", bound=models.Model)
_NAME_WITH_CODE = re.compile(r"^(.*?)\s*[（(]\s*(\d{6,12})\s*[)）]$")
MAX_LISTED = 3000


def visible(model: type[_M], by: User | None) -> models.QuerySet[_M]:
    """The rows of ``model`` the user can see (the platform, ``by=None``, sees all)."""
    return access_for(by).scope(model._default_manager.all())


def _names(items: Iterable[models.Model], limit: int = 5) -> str:
    names = [str(getattr(i, "full_name", "") or i) for i in items]
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


class Lookup:
    """What the cells of one column name, loaded for the whole file in one go."""

    order = 1  # columns resolve in this order: a lookup may use values resolved before it
    many = False  # a "codes" lookup answers a list

    def __init__(self, by: User | None) -> None:
        self.by = by

    def load(self, texts: set[str]) -> None:
        raise NotImplementedError

    def resolve(self, text: str, values: dict[str, Any]) -> Any:
        """The row ``text`` names (``values``: the row's cells read so far), or CellError."""
        raise NotImplementedError

    @classmethod
    def label(cls, obj: Any) -> str:
        return str(obj)

    @classmethod
    def allowed(cls, by: User | None) -> list[tuple[Any, str | None]]:
        """(value, meaning) pairs the user may type; [] when there are too many to list."""
        return []


class SectorLookup(Lookup):
    """行业领域 by name: national reference data."""

    found: dict[str, Sector]

    def load(self, texts: set[str]) -> None:
        self.found = {s.name: s for s in Sector.objects.filter(name__in=texts)}

    def resolve(self, text: str, values: dict[str, Any]) -> Sector:
        if text in self.found:
            return self.found[text]
        raise CellError(f"行业领域“{text}”不存在，可选值见导入模板的“填写说明”。")

    @classmethod
    def label(cls, obj: Sector) -> str:
        return obj.name

    @classmethod
    def allowed(cls, by: User | None) -> list[tuple[Any, str | None]]:
        names = Sector.objects.order_by("sort_order", "code").values_list("name", flat=True)
        return [(name, None) for name in names]


class RegionLookup(Lookup):
    """A county or town by name, full name or code (“甲一镇（990101100）” reads as the code)."""

    levels = (RegionLevel.COUNTY, RegionLevel.TOWN)
    header = "属地"

    @staticmethod
    def key(text: str) -> str:
        match = _NAME_WITH_CODE.match(text)
        return match.group(2) if match else text

    def load(self, texts: set[str]) -> None:
        keys = {self.key(t) for t in texts}
        self.found: dict[str, list[Region]] = {}
        query = Q(code__in=keys) | Q(name__in=keys) | Q(full_name__in=keys)
        for region in visible(Region, self.by).filter(query):
            for key in {region.code, region.name, region.full_name} & keys:
                self.found.setdefault(key, []).append(region)

    def resolve(self, text: str, values: dict[str, Any]) -> Region:
        candidates = self.found.get(self.key(text), [])
        if len(candidates) > 1:
            raise CellError(
                f"有{len(candidates)}个区划名为“{text}”（{_names(candidates)}），请改填区划代码。"
            )
        if not candidates:
            raise CellError(f"{self.header}“{text}”不存在或不在您的管辖范围内。")
        region = candidates[0]
        if region.level < min(self.levels):
            raise CellError(
                f"{self.header}应为县级或乡镇级区划，“{text}”是{region.get_level_display()}。"
            )
        return region

    @classmethod
    def label(cls, obj: Region) -> str:
        return obj.full_name or obj.name

    @classmethod
    def allowed(cls, by: User | None) -> list[tuple[Any, str | None]]:
        regions = visible(Region, by).filter(level__in=cls.levels).order_by("path")
        return [(f"{r.name}（{r.code}）", None) for r in regions[:MAX_LISTED]]


class DepartmentLookup(Lookup):
    """A department by full name, short name or alias; a name used twice is settled by the
    row's region (only a department whose area holds the row can supervise it: 一张网)."""

    order = 2
    region_field = "region"
    header = "行业监管部门"

    def load(self, texts: set[str]) -> None:
        query = Q(name__in=texts) | Q(short_name__in=texts) | Q(aliases__name__in=texts)
        found = {
            d.pk: d
            for d in visible(Department, self.by).filter(query).select_related("region").distinct()
        }
        aliases = DepartmentAlias.objects.filter(department__in=list(found), name__in=texts)
        by_alias: dict[str, list[Department]] = {}
        for name, department_id in aliases.values_list("name", "department_id"):
            by_alias.setdefault(name, []).append(found[department_id])
        # Full names first, then short names, then aliases: the first tier that matches wins.
        self.tiers: dict[str, list[list[Department]]] = {
            text: [
                [d for d in found.values() if d.name == text],
                [d for d in found.values() if d.short_name == text],
                by_alias.get(text, []),
            ]
            for text in texts
        }

    def resolve(self, text: str, values: dict[str, Any]) -> Department:
        region: Region | None = values.get(self.region_field)
        for tier in self.tiers.get(text, []):
            candidates = tier
            if len(candidates) > 1 and region is not None:
                candidates = [d for d in tier if region.path.startswith(d.region.path)] or tier
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                places = _names([d.region for d in candidates])
                raise CellError(f"有多个部门名为“{text}”（{places}），请填写部门全称。")
        raise CellError(f"{self.header}“{text}”不存在或不在您的管辖范围内。")

    @classmethod
    def label(cls, obj: Department) -> str:
        return obj.name

    @classmethod
    def allowed(cls, by: User | None) -> list[tuple[Any, str | None]]:
        departments = visible(Department, by).order_by("region__path", "name")
        return [(d.name, None) for d in departments[:MAX_LISTED]]


class StaffLookup(Lookup):
    """An active department staff member by user name (login)."""

    order = 3
    found: dict[str, User]

    def load(self, texts: set[str]) -> None:
        users = visible(User, self.by).filter(
            username__in=texts, is_active=True, department__isnull=False
        )
        self.found = {u.username: u for u in users.select_related("department")}

    def resolve(self, text: str, values: dict[str, Any]) -> User:
        if text in self.found:
            return self.found[text]
        raise CellError(f"用户名“{text}”不存在、已停用、不是部门工作人员或不在您的管辖范围内。")

    @classmethod
    def label(cls, obj: User) -> str:
        return obj.username


class EnterpriseLookup(Lookup):
    """An enterprise by 统一社会信用代码; scope of the row itself is checked afterwards."""

    action = "add"  # the permission ``allowed`` lists enterprises for, e.g. riskpoint.add
    permission = ""
    found: dict[str, Enterprise]
    known: set[str]

    def load(self, texts: set[str]) -> None:
        codes = {normalise_credit_code(t) for t in texts}
        seen = visible(Enterprise, self.by).filter(credit_code__in=codes).select_related("region")
        self.found = {e.credit_code: e for e in seen}
        self.known = set(
            Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
        )

    def resolve(self, text: str, values: dict[str, Any]) -> Enterprise:
        code = normalise_credit_code(text)
        if code in self.found:
            return self.found[code]
        if code in self.known:
            raise CellError(f"单位“{code}”不在您的管辖范围内。")
        raise CellError(f"平台中没有统一社会信用代码为“{code}”的单位，请先登记该单位。")

    @classmethod
    def label(cls, obj: Enterprise) -> str:
        return obj.credit_code

    @classmethod
    def allowed(cls, by: User | None) -> list[tuple[Any, str | None]]:
        enterprises = access_for(by).scope(Enterprise, cls.permission or "view")
        return [(e.credit_code, e.name) for e in enterprises.order_by("name")[:500]]


class CodeTable(Lookup):
    """A reference table keyed by code (GB/T 13861, GB 6441): a cell lists one or more codes."""

    many = True
    model: type[models.Model]
    label_text = "代码"
    example = ""
    pad = 0  # Excel turns "05" into 5: pad a one-digit code back to this width

    found: dict[str, Any]

    def load(self, texts: set[str]) -> None:
        rows: Iterable[Any] = self.model._default_manager.all()  # a model with code and name
        self.found = {row.code: row for row in rows}

    def resolve(self, text: str, values: dict[str, Any]) -> list[Any]:
        found: list[Any] = []
        unknown: list[str] = []
        for code in split_codes(text):
            if self.pad and code.isdigit() and len(code) < self.pad:
                code = code.zfill(self.pad)
            if code in self.found:
                found.append(self.found[code])
            else:
                unknown.append(code)
        if unknown:
            raise CellError(
                f"{self.label_text}代码“{'、'.join(unknown)}”不存在，"
                f"请填写如“{self.example}”的代码。"
            )
        return found

    @classmethod
    def label(cls, rows: Iterable[Any]) -> str:
        return "、".join(sorted(r.code for r in rows))

    @classmethod
    def allowed(cls, by: User | None) -> list[tuple[Any, str | None]]:
        rows: Iterable[Any] = cls.model._default_manager.order_by("code")
        return [(r.code, r.name) for r in rows]
