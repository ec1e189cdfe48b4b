"""Demo data: one county (天镇县), its towns and villages, departments, ~300 enterprises, users.

Everything created here is marked ``is_demo``; region codes below the county are illustrative,
not official statistics codes. The data set is deterministic (fixed random seed) and created
through the same services as real data, so it is audited like everything else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from anjian.core.models import Department, DepartmentKind, Enterprise, Region, RegionLevel, Sector
from anjian.core.roles import Role
from anjian.core.services import departments as department_services
from anjian.core.services import enterprises as enterprise_services
from anjian.core.services import users as user_services
from anjian.core.services.reference import region_upsert
from anjian.core.validators import CREDIT_CODE_CHARSET, credit_code_check_char

COUNTY_CODE = "140222"
DEMO_PASSWORD = "Anjian#demo2026"

TOWNS = [
    ("100", "玉泉镇"),
    ("101", "谷前堡镇"),
    ("102", "米薪关镇"),
    ("103", "新平堡镇"),
    ("104", "逯家湾镇"),
    ("200", "南河堡乡"),
    ("201", "贾家屯乡"),
    ("202", "赵家沟乡"),
    ("203", "张西河乡"),
    ("204", "三十里铺乡"),
    ("205", "马家皂乡"),
]
VILLAGE_SUFFIXES = ["东村", "西村", "南村", "北村"]

# (name as in the 天镇县 2025 notice, kind, sector codes supervised, extra aliases)
DEPARTMENTS = [
    ("人民政府", DepartmentKind.GOVERNMENT, [], ["县政府"]),
    ("安全生产委员会", DepartmentKind.SAFETY_COMMITTEE, [], ["县安委会", "安委会"]),
    ("安全生产委员会办公室", DepartmentKind.SAFETY_OFFICE, [], ["县安委办", "安委办"]),
    ("委统战部", DepartmentKind.PARTY, [], ["统战部", "县委统战部"]),
    (
        "应急管理局",
        DepartmentKind.EMERGENCY,
        [
            "non_coal_mine",
            "hazardous_chemicals",
            "fireworks",
            "metallurgy",
            "nonferrous",
            "building_materials",
            "machinery",
            "light_industry",
            "textiles",
            "tobacco",
            "commerce",
        ],
        ["应急局"],
    ),
    ("能源局", DepartmentKind.INDUSTRY_REGULATOR, ["coal_mine"], []),
    ("住房和城乡建设局", DepartmentKind.INDUSTRY_REGULATOR, ["construction", "gas"], ["住建局"]),
    ("交通运输局", DepartmentKind.INDUSTRY_REGULATOR, ["road_transport"], ["交通局"]),
    (
        "消防救援大队",
        DepartmentKind.INDUSTRY_REGULATOR,
        ["crowded_places"],
        ["消防救援局", "消防大队"],
    ),
    ("市场监督管理局", DepartmentKind.INDUSTRY_REGULATOR, ["other"], ["市场监管局"]),
    ("自然资源局", DepartmentKind.INDUSTRY_REGULATOR, [], []),
    ("教育局", DepartmentKind.INDUSTRY_REGULATOR, [], []),
    ("工业和信息化局", DepartmentKind.INDUSTRY_REGULATOR, [], ["工信局"]),
    ("文化和旅游局", DepartmentKind.INDUSTRY_REGULATOR, [], ["文旅局"]),
    ("水务局", DepartmentKind.INDUSTRY_REGULATOR, [], []),
    ("卫生健康和体育局", DepartmentKind.INDUSTRY_REGULATOR, [], ["卫体局"]),
    ("民政局", DepartmentKind.INDUSTRY_REGULATOR, [], []),
    ("公安局", DepartmentKind.INDUSTRY_REGULATOR, [], []),
    ("公安局交警大队", DepartmentKind.INDUSTRY_REGULATOR, [], ["交警大队"]),
    ("农业农村局", DepartmentKind.INDUSTRY_REGULATOR, [], []),
    ("城市管理局", DepartmentKind.INDUSTRY_REGULATOR, [], []),
    ("发展和改革局", DepartmentKind.INDUSTRY_REGULATOR, [], ["发改局"]),
    ("社区治理服务中心", DepartmentKind.OTHER, [], []),
    ("气象局", DepartmentKind.OTHER, [], []),
    ("治理车辆超限超载工作办公室", DepartmentKind.OTHER, [], ["治超办"]),
    ("公路段", DepartmentKind.OTHER, [], []),
    ("总工会", DepartmentKind.MASS_ORGANISATION, [], []),
    ("共青团委员会", DepartmentKind.MASS_ORGANISATION, [], ["团县委"]),
    ("妇女联合会", DepartmentKind.MASS_ORGANISATION, [], ["妇联"]),
]

NAME_WORDS = [
    "鑫源",
    "恒达",
    "宏远",
    "瑞丰",
    "金泰",
    "华盛",
    "永安",
    "兴旺",
    "晋北",
    "天润",
    "盛源",
    "广汇",
    "通达",
    "宝丰",
    "泰和",
    "长城",
    "东升",
    "凯达",
    "顺发",
    "福源",
]
SECTOR_SUFFIX = {
    "coal_mine": "煤业有限公司",
    "non_coal_mine": "矿业有限公司",
    "hazardous_chemicals": "化工有限公司",
    "fireworks": "烟花爆竹经营部",
    "metallurgy": "冶金有限公司",
    "nonferrous": "有色金属有限公司",
    "building_materials": "建材有限公司",
    "machinery": "机械制造有限公司",
    "light_industry": "食品有限公司",
    "textiles": "纺织有限公司",
    "tobacco": "烟草专卖分公司",
    "commerce": "商贸有限公司",
    "construction": "建筑工程有限公司",
    "road_transport": "运输有限公司",
    "gas": "燃气有限公司",
    "crowded_places": "商厦有限公司",
    "other": "农业开发有限公司",
}
# How many of the ~300 enterprises fall in each sector (roughly a northern county's mix).
SECTOR_WEIGHTS = {
    "coal_mine": 4,
    "non_coal_mine": 10,
    "hazardous_chemicals": 14,
    "fireworks": 12,
    "metallurgy": 4,
    "nonferrous": 3,
    "building_materials": 18,
    "machinery": 16,
    "light_industry": 22,
    "textiles": 5,
    "tobacco": 1,
    "commerce": 40,
    "construction": 30,
    "road_transport": 25,
    "gas": 6,
    "crowded_places": 45,
    "other": 45,
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
GIVEN = [
    "建国",
    "志强",
    "海燕",
    "秀英",
    "国庆",
    "晓东",
    "丽娟",
    "永刚",
    "春梅",
    "文斌",
    "红霞",
    "军",
]


# Apps above core add their demo data with ``register(fn)`` in AppConfig.ready(); each
# ``fn()`` runs after the core demo, must itself be idempotent, and returns a summary line.
EXTENSIONS: list = []


def register(fn) -> None:
    """Run ``fn`` after the core demo data (e.g. a year of accidents for the demo county)."""
    if fn not in EXTENSIONS:
        EXTENSIONS.append(fn)


@dataclass
class DemoResult:
    """What ``demo_load`` did."""

    created: bool
    enterprises: int
    logins: list[tuple[str, str, str]]


def demo_present() -> bool:
    return Region.objects.filter(code=f"{COUNTY_CODE}{TOWNS[0][0]}", is_demo=True).exists()


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def _credit_code(rng: random.Random, used: set[str]) -> str:
    while True:
        # 9 (工商) 1 (企业) + the county's 6-digit code + a 9-character organisation code.
        first17 = "91" + COUNTY_CODE + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(9))
        code = first17 + credit_code_check_char(first17)
        if code not in used:
            used.add(code)
            return code


def _logins() -> list[tuple[str, str, str]]:
    return [
        ("admin", "系统管理员", "天镇县及以下全部"),
        ("coordinator", "县安委办协调员", "天镇县及以下"),
        ("town_coordinator", "乡镇安委办协调员", "玉泉镇"),
        ("leader", "县领导(只读)", "天镇县及以下"),
        ("regulator", "应急管理局监管人员", "应急管理局监管的单位及行业"),
        ("inspector", "应急管理局执法检查员", "应急管理局监管的单位及行业"),
        ("manager", "企业安全管理员", "本企业"),
        ("employee", "企业员工", "本企业"),
    ]


@transaction.atomic
def demo_load() -> DemoResult:
    """Create the demo county once; a second call changes nothing."""
    if demo_present():
        return DemoResult(False, Enterprise.objects.filter(is_demo=True).count(), _logins())
    rng = random.Random(20250226)  # the 天镇县 notice's date: the same data on every machine
    county = Region.objects.get(code=COUNTY_CODE)
    towns = []
    for suffix, name in TOWNS:
        town = region_upsert(
            by=None,
            code=f"{COUNTY_CODE}{suffix}",
            name=name,
            level=RegionLevel.TOWN,
            parent=county,
            is_demo=True,
        )
        towns.append(town)
        stem = name[:-1] if len(name) > 2 else name
        for i, vs in enumerate(VILLAGE_SUFFIXES, start=1):
            region_upsert(
                by=None,
                code=f"{town.code}{200 + i:03d}",
                name=f"{stem}{vs}",
                level=RegionLevel.VILLAGE,
                parent=town,
                is_demo=True,
            )

    sectors = {s.code: s for s in Sector.objects.all()}
    departments: dict[str, Department] = {}
    for name, kind, sector_codes, aliases in DEPARTMENTS:
        departments[name] = department_services.department_create(
            by=None,
            data={"region": county, "name": f"天镇县{name}", "short_name": name, "kind": kind},
            sectors=[sectors[c] for c in sector_codes],
            aliases=[name, *aliases],
            is_demo=True,
        )
    for town in towns:
        department_services.department_create(
            by=None,
            data={
                "region": town,
                "name": f"{town.name}人民政府",
                "short_name": f"{town.name}政府",
                "kind": DepartmentKind.GOVERNMENT,
            },
            is_demo=True,
        )

    def make_user(username, display, **kwargs):
        return user_services.user_create(
            by=None,
            username=username,
            password=DEMO_PASSWORD,
            display_name=display,
            phone=_mobile(rng),
            is_demo=True,
            validate=False,
            **kwargs,
        )

    # An inspector in every department that supervises a sector: "一张网" needs one per enterprise.
    supervisor_of: dict[str, Department] = {}
    inspectors: dict[int, list] = {}
    for name, _kind, sector_codes, _aliases in DEPARTMENTS:
        department = departments[name]
        for code in sector_codes:
            supervisor_of[code] = department
        if sector_codes:
            staff = []
            for n in range(1, 3):
                u = make_user(f"insp_{department.pk}_{n}", f"{_person(rng)}", department=department)
                user_services.role_grant(
                    by=None, user=u, role=Role.INSPECTOR, department=department
                )
                staff.append(u)
            inspectors[department.pk] = staff

    emergency = departments["应急管理局"]
    admin = make_user("admin", "系统管理员", region=county)
    user_services.role_grant(by=None, user=admin, role=Role.SYSTEM_ADMIN, region=county)
    coordinator = make_user(
        "coordinator", "县安委办协调员", department=departments["安全生产委员会办公室"]
    )
    user_services.role_grant(by=None, user=coordinator, role=Role.COORDINATOR, region=county)
    town_coordinator = make_user("town_coordinator", "玉泉镇安委办", region=towns[0])
    user_services.role_grant(by=None, user=town_coordinator, role=Role.COORDINATOR, region=towns[0])
    leader = make_user("leader", "县领导", region=county)
    user_services.role_grant(by=None, user=leader, role=Role.LEADER, region=county)
    regulator = make_user("regulator", "应急管理局监管员", department=emergency)
    user_services.role_grant(by=None, user=regulator, role=Role.REGULATOR, department=emergency)
    inspector = make_user("inspector", "应急管理局执法员", department=emergency)
    user_services.role_grant(by=None, user=inspector, role=Role.INSPECTOR, department=emergency)
    inspectors[emergency.pk].insert(0, inspector)

    used_codes: set[str] = set()
    plan = [code for code, weight in SECTOR_WEIGHTS.items() for _ in range(weight)]
    rng.shuffle(plan)
    enterprises = []
    for i, code in enumerate(plan):
        town = towns[i % len(towns)] if rng.random() < 0.6 else rng.choice(towns)
        department = supervisor_of[code]
        word = NAME_WORDS[i % len(NAME_WORDS)]
        name = f"天镇县{town.name[:-1]}{word}{SECTOR_SUFFIX[code]}"
        if any(e.name == name for e in enterprises):
            name = f"天镇县{town.name[:-1]}{word}{i}号{SECTOR_SUFFIX[code]}"
        employees = rng.choice([6, 12, 25, 48, 80, 150, 320, 900])
        scale = (
            "micro"
            if employees < 10
            else "small"
            if employees < 100
            else ("medium" if employees < 300 else "large")
        )
        has_licence = code in {
            "coal_mine",
            "non_coal_mine",
            "hazardous_chemicals",
            "fireworks",
            "construction",
        }
        data = {
            "credit_code": _credit_code(rng, used_codes),
            "name": name,
            "sector": sectors[code],
            "scale": scale,
            "employee_count": employees,
            "address": f"山西省大同市天镇县{town.name}{rng.randint(1, 99)}号",
            "longitude": Decimal(f"{114.0 + rng.random() * 0.5:.6f}"),
            "latitude": Decimal(f"{40.3 + rng.random() * 0.3:.6f}"),
            "region": town,
            "supervising_department": department,
            "responsible_inspector": rng.choice(inspectors[department.pk]),
            "principal_name": _person(rng),
            "principal_phone": _mobile(rng),
            "safety_manager_name": _person(rng),
            "safety_manager_phone": _mobile(rng),
            "licence_number": f"(晋)FM安许证字〔2024〕{1000 + i}号" if has_licence else "",
            "standardisation_level": rng.choice(["2", "3", "3", "none", "none"]),
            "supervision_class": rng.choice("ABBCCD"),
            "has_liability_insurance": rng.random() < 0.7,
        }
        enterprises.append(enterprise_services.enterprise_create(by=None, data=data, is_demo=True))

    chemical = next(e for e in enterprises if e.sector.code == "hazardous_chemicals")
    manager = make_user("manager", f"{chemical.name[:8]}安全员", enterprise=chemical)
    user_services.role_grant(
        by=None, user=manager, role=Role.ENTERPRISE_MANAGER, enterprise=chemical
    )
    employee = make_user("employee", "一线员工", enterprise=chemical)
    user_services.role_grant(
        by=None, user=employee, role=Role.ENTERPRISE_EMPLOYEE, enterprise=chemical
    )
    return DemoResult(True, len(enterprises), _logins())
