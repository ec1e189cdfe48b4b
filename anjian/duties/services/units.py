"""Turn the unit names of a notice into departments of its region (责任单位 → 部门).

Rules, in order (``UnitResolver.resolve``):

1. normalise: ASCII parentheses, no spaces, no trailing 等, no region prefix (the notice
   region's own name 天镇县/天镇, or a leading 县/市/区/镇/乡);
2. vague units (县安委会有关成员单位, 有关部门, 负有…职责的部门, 县直各单位…) are left
   for the coordinator to assign;
3. collective units (各乡(镇)人民政府, 各乡镇, 各镇) expand to every town government below
   the region;
4. a name, short name or alias of a department in the region subtree, also through common
   short forms (应急局 ↔ 应急管理局); the region's own departments win over those below;
5. anything else is unresolved: listed for the coordinator, whose mapping becomes an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from anjian.core.models import Department, DepartmentKind, Region, RegionLevel

# short form → full form, as county notices write them.
SHORT_FORMS = {
    "应急局": "应急管理局",
    "住建局": "住房和城乡建设局",
    "交通局": "交通运输局",
    "市场监管局": "市场监督管理局",
    "工信局": "工业和信息化局",
    "文旅局": "文化和旅游局",
    "卫健局": "卫生健康局",
    "卫健委": "卫生健康委员会",
    "发改局": "发展和改革局",
    "发改委": "发展和改革委员会",
    "自然资源局": "自然资源局",
    "规划和自然资源局": "自然资源局",
    "农业局": "农业农村局",
    "城管局": "城市管理局",
    "人社局": "人力资源和社会保障局",
    "生态环境局": "生态环境局",
    "消防大队": "消防救援大队",
    "消防救援局": "消防救援大队",
    "交警大队": "公安局交通警察大队",
    "公安局交警大队": "公安局交通警察大队",
    "安委会": "安全生产委员会",
    "安委办": "安全生产委员会办公室",
    "团委": "共青团委员会",
    "妇联": "妇女联合会",
}
_PREFIXES = ("县", "市", "区", "镇", "乡")
_COLLECTIVE = re.compile(
    r"^各(?:乡\(镇\)|乡镇|镇|乡|乡\(镇、街道\)|乡镇\(街道\)|镇\(乡\))(?:人民)?(?:政府)?$"
)
_VAGUE = re.compile(
    r"有关成员单位|有关部门|有关单位|相关部门|相关单位|负有.*职责的?部门|直各单位|直各部门"
    r"|^各成员单位$|^各部门$|^各单位$|^成员单位$|^各有关"
)


class Status:
    RESOLVED = "resolved"
    COLLECTIVE = "collective"
    VAGUE = "vague"
    UNRESOLVED = "unresolved"


@dataclass
class Resolution:
    """What one unit name became: departments, or a reason the coordinator must decide."""

    name: str
    status: str
    departments: list[Department] = field(default_factory=list)


def clean(name: str) -> str:
    """ASCII parentheses, no spaces, no trailing 等."""
    text = re.sub(r"\s+", "", name or "").replace("（", "(").replace("）", ")")
    return re.sub(r"等+$", "", text)


def region_names(region: Region) -> list[str]:
    """The region's own name and its stem (天镇县, 天镇), longest first."""
    names = [region.name]
    if len(region.name) > 2 and region.name[-1] in "县市区镇乡":
        names.append(region.name[:-1])
    return names


def strip_region(name: str, region: Region | None) -> str:
    """``name`` without the region's own name or a leading 县/市/区/镇/乡."""
    text = clean(name)
    if region is not None:
        for prefix in region_names(region):
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                return text[len(prefix) :]
    if text[:1] in _PREFIXES and len(text) > 2 and not text.startswith(("区划", "市场")):
        return text[1:]
    return text


def canonical(name: str) -> str:
    """The full form of a (normalised) name: 应急局 → 应急管理局."""
    return SHORT_FORMS.get(name, name)


def _keys(name: str, region: Region | None) -> set[str]:
    keys = {canonical(clean(name)), canonical(strip_region(name, region))}
    return {k for k in keys if k}


class UnitResolver:
    """Resolves unit names against the departments of one region subtree (one query)."""

    def __init__(self, region: Region):
        self.region = region
        departments = list(
            Department.objects.filter(region__path__startswith=region.path)
            .select_related("region")
            .prefetch_related("aliases")
            .order_by("region__path", "id")
        )
        self.index: dict[str, list[Department]] = {}
        for department in departments:
            names = [department.name, department.short_name]
            names += [alias.name for alias in department.aliases.all()]
            keys = set()
            for name in filter(None, names):
                keys |= _keys(name, department.region)
            for key in keys:
                self.index.setdefault(key, []).append(department)
        self.towns = [
            d
            for d in departments
            if d.kind == DepartmentKind.GOVERNMENT and d.region.level == RegionLevel.TOWN
        ]

    def resolve(self, name: str) -> Resolution:
        text = clean(name)
        bare = strip_region(text, self.region)
        if _COLLECTIVE.match(text) or _COLLECTIVE.match(bare):
            return Resolution(name, Status.COLLECTIVE, list(self.towns))
        if _VAGUE.search(text):
            return Resolution(name, Status.VAGUE)
        candidates: list[Department] = []
        for key in (canonical(text), canonical(bare)):
            for department in self.index.get(key, []):
                if department not in candidates:
                    candidates.append(department)
        own = [d for d in candidates if d.region_id == self.region.pk]
        chosen = own or candidates
        if len(chosen) == 1:
            return Resolution(name, Status.RESOLVED, chosen)
        return Resolution(name, Status.UNRESOLVED)


_SUPPORT_LABEL = re.compile(r"(?:配合|协办|协助|参与)(?:单位|部门)[:：]([^;；)。]*)")
_SUPPORT_TAIL = re.compile(r"([^;；,，:：。]*?)(?:配合|协办|协助)(?:落实|实施)?(?=$|[;；,，。)])")
_CLAUSE_START = re.compile(
    r"\((?:责任|牵头|主责|配合)(?:单位|部门)|(?:责任|牵头)(?:单位|部门)[:：]"
)


def unit_roles(text: str, units: list[str]) -> dict[str, str]:
    """Lead or support for each unit, from the item's responsibility clause (default lead).

    ``牵头单位：A；配合单位：B`` and ``A牵头，B配合`` make B a supporting unit.
    """
    body = clean(text)
    starts = [m.start() for m in _CLAUSE_START.finditer(body)]
    clause = body[starts[-1] :] if starts else body.rsplit("。", 2)[-1]
    support_segments = [m.group(1) for m in _SUPPORT_LABEL.finditer(clause)]
    support_segments += [m.group(1) for m in _SUPPORT_TAIL.finditer(clause)]
    roles = {}
    for unit in units:
        name = clean(unit)
        roles[unit] = "support" if any(name in seg for seg in support_segments) else "lead"
    return roles
