"""Names typed in an enterprise spreadsheet → the rows they mean, within the user's scope.

Sectors are national reference data; regions, departments and inspectors are looked up only
among those the importing user can see, so a name outside their jurisdiction reads as unknown.
Each kind is fetched once per file with one query, never once per row.
"""

from __future__ import annotations

import re

from django.db.models import Q

from anjian.core.models import Department, DepartmentAlias, Region, RegionLevel, Sector, User
from anjian.core.spreadsheets import cell_text

_NAME_WITH_CODE = re.compile(r"^(.*?)\s*[（(]\s*(\d{6,12})\s*[)）]$")
LISTED_REGION_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWN)
MAX_LISTED = 3000


def _visible(model, by):
    manager = model._default_manager
    return manager.all() if by is None else manager.visible_to(by)


def _region_key(text: str) -> str:
    """ "甲一镇（990101100）" as listed in the template is read as its code."""
    match = _NAME_WITH_CODE.match(text)
    return match.group(2) if match else text


def _names(items, limit: int = 5) -> str:
    names = [str(getattr(i, "full_name", "") or i) for i in items]
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


class Lookups:
    """Resolve the sector, region, department and inspector names of one file in bulk."""

    # Resolve regions before departments: a repeated department name is settled by the region.
    ORDER = {"sector": 1, "region": 1, "department": 2, "inspector": 3}
    KINDS = ("sector", "region", "department", "inspector")

    def __init__(self, by, rows, mapping: dict):
        wanted: dict[str, set[str]] = {kind: set() for kind in self.KINDS}
        for header, column in mapping.items():
            if column.kind in wanted:
                for row in rows:
                    value = row.values.get(header)
                    if value is not None and cell_text(value):
                        wanted[column.kind].add(cell_text(value))
        self.sectors = {s.name: s for s in Sector.objects.filter(name__in=wanted["sector"])}
        self._load_regions(by, {_region_key(v) for v in wanted["region"]})
        self._load_departments(by, wanted["department"])
        self.inspectors = {
            u.username: u
            for u in _visible(User, by)
            .filter(username__in=wanted["inspector"], is_active=True, department__isnull=False)
            .select_related("department")
        }

    def _load_regions(self, by, keys: set[str]) -> None:
        self.regions: dict[str, list[Region]] = {}
        found = _visible(Region, by).filter(
            Q(code__in=keys) | Q(name__in=keys) | Q(full_name__in=keys)
        )
        for region in found:
            for key in {region.code, region.name, region.full_name} & keys:
                self.regions.setdefault(key, []).append(region)

    def _load_departments(self, by, keys: set[str]) -> None:
        self.departments: dict[str, list[list[Department]]] = {}
        visible = _visible(Department, by)
        found = {
            d.pk: d
            for d in visible.filter(
                Q(name__in=keys) | Q(short_name__in=keys) | Q(aliases__name__in=keys)
            )
            .select_related("region")
            .distinct()
        }
        aliases = DepartmentAlias.objects.filter(department__in=list(found), name__in=keys)
        by_alias: dict[str, list[Department]] = {}
        for name, department_id in aliases.values_list("name", "department_id"):
            by_alias.setdefault(name, []).append(found[department_id])
        for key in keys:
            # Full names first, then short names, then aliases: the first tier that matches wins.
            self.departments[key] = [
                [d for d in found.values() if d.name == key],
                [d for d in found.values() if d.short_name == key],
                by_alias.get(key, []),
            ]

    def resolve(self, kind: str, text: str, data: dict):
        """(row, None) for a name that means exactly one usable row, else (None, reason)."""
        return getattr(self, f"_resolve_{kind}")(text, data)

    def _resolve_sector(self, text: str, data: dict):
        if text in self.sectors:
            return self.sectors[text], None
        return None, f"行业领域“{text}”不存在，可选值见导入模板的“填写说明”。"

    def _resolve_region(self, text: str, data: dict):
        candidates = self.regions.get(_region_key(text), [])
        if len(candidates) > 1:
            return None, (
                f"有{len(candidates)}个区划名为“{text}”（{_names(candidates)}），请改填区划代码。"
            )
        if not candidates:
            return None, f"属地“{text}”不存在或不在您的管辖范围内。"
        region = candidates[0]
        if region.level < RegionLevel.COUNTY:
            return None, f"属地应为县级或乡镇级区划，“{text}”是{region.get_level_display()}。"
        return region, None

    def _resolve_department(self, text: str, data: dict):
        region = data.get("region")
        for tier in self.departments.get(text, []):
            candidates = tier
            if len(candidates) > 1 and region is not None:
                # Only a department whose area holds the enterprise can supervise it (一张网).
                candidates = [d for d in tier if region.path.startswith(d.region.path)] or tier
            if len(candidates) == 1:
                return candidates[0], None
            if candidates:
                places = _names([d.region for d in candidates])
                return None, f"有多个部门名为“{text}”（{places}），请填写部门全称。"
        return None, f"行业监管部门“{text}”不存在或不在您的管辖范围内。"

    def _resolve_inspector(self, text: str, data: dict):
        if text in self.inspectors:
            return self.inspectors[text], None
        return None, f"用户名“{text}”不存在、已停用、不是部门工作人员或不在您的管辖范围内。"


def allowed_values(by) -> dict[str, list[str]]:
    """What the user may type for each looked-up kind, for the template's instructions sheet."""
    regions = (
        _visible(Region, by).filter(level__in=LISTED_REGION_LEVELS).order_by("path")[:MAX_LISTED]
    )
    departments = _visible(Department, by).order_by("region__path", "name")
    return {
        "sector": list(
            Sector.objects.order_by("sort_order", "code").values_list("name", flat=True)
        ),
        "region": [f"{r.name}（{r.code}）" for r in regions],
        "department": [d.name for d in departments[:MAX_LISTED]],
    }


def example_references(by) -> dict:
    """A real sector, town, department and inspector the user could name, for the example row."""
    departments = _visible(Department, by)
    inspector = (
        _visible(User, by)
        .filter(is_active=True, department__in=departments)
        .select_related("department__region")
        .order_by("pk")
        .first()
    )
    department = inspector.department if inspector else departments.order_by("pk").first()
    towns = _visible(Region, by).filter(level=RegionLevel.TOWN).order_by("path")
    if department is not None:
        towns = towns.filter(path__startswith=department.region.path)
    sectors = Sector.objects.order_by("sort_order", "code")
    if department is not None and department.sectors.exists():
        sectors = department.sectors.order_by("sort_order", "code")
    return {
        "sector": sectors.first(),
        "region": towns.first(),
        "department": department,
        "inspector": inspector,
    }
