"""Demo risk register: risk points of all four levels, both methods, with control measures.

The demo enterprise of the ``manager`` login gets every template (so its four-colour summary
shows all levels); every fifth other demo enterprise gets three. Made through the services,
deterministic, and run once: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from anjian.core.models import AccidentCategory, Enterprise, User
from anjian.core.services import reference
from anjian.risks import reference_data
from anjian.risks.models import HazardFactorCategory, RiskPoint
from anjian.risks.services import measures, risk_points
from anjian.risks.services.assessment import Assessor

# (name, place, activity, hazard factor codes, accident codes, method, inputs, measures)
TEMPLATES = [
    (
        "液氨储罐区",
        "储罐区",
        "液氨储存、装卸",
        ["22", "2101"],
        ["19", "17", "08"],
        "LEC",
        {"lec_l": 10, "lec_e": 6, "lec_c": 7},
        [
            ("engineering", "company", "设置可燃有毒气体检测报警、紧急切断和围堰"),
            ("emergency", "department", "配备正压式空气呼吸器，每半年开展一次泄漏处置演练"),
        ],
    ),
    (
        "污水池有限空间",
        "污水处理站",
        "有限空间清淤作业",
        ["120202", "1203"],
        ["19"],
        "LS",
        {"ls_l": 5, "ls_s": 4},
        [
            ("management", "company", "执行有限空间作业审批，先通风、再检测、后作业"),
            ("protection", "post", "作业人员佩戴安全带、防毒面具，专人监护"),
        ],
    ),
    (
        "检修动火作业",
        "装置检修现场",
        "动火作业",
        ["120202", "2102"],
        ["08", "18"],
        "LEC",
        {"lec_l": 6, "lec_e": 6, "lec_c": 7},
        [
            ("management", "department", "动火作业分级审批，落实动火监护人"),
            ("engineering", "team", "动火点周围清除可燃物，配备灭火器材"),
        ],
    ),
    (
        "桥式起重机",
        "成品装卸区",
        "起重吊装作业",
        ["2101", "1202"],
        ["04"],
        "LS",
        {"ls_l": 3, "ls_s": 4},
        [
            ("engineering", "department", "定期检验起重机，限位、制动装置完好"),
            ("training", "team", "司索指挥人员持证上岗，班前安全交底"),
        ],
    ),
    (
        "厂房屋面登高检修",
        "厂房屋面",
        "高处作业",
        ["210201", "110402"],
        ["09"],
        "LEC",
        {"lec_l": 3, "lec_e": 6, "lec_c": 7},
        [
            ("protection", "post", "系挂安全带，设置生命绳"),
            ("management", "team", "高处作业票审批，恶劣天气停止作业"),
        ],
    ),
    (
        "低压配电室",
        "配电室",
        "低压配电柜",
        ["2102"],
        ["05"],
        "LS",
        {"ls_l": 2, "ls_s": 3},
        [
            ("engineering", "department", "配电柜加装漏电保护，铺设绝缘胶垫"),
            ("training", "post", "电工持证上岗，停送电执行工作票"),
        ],
    ),
    (
        "机加工车间车床",
        "机加工车间",
        "车床、钻床操作",
        ["210201", "120202"],
        ["03"],
        "LEC",
        {"lec_l": 1, "lec_e": 6, "lec_c": 3},
        [
            ("engineering", "team", "旋转部位加装防护罩"),
            ("protection", "post", "禁止戴手套操作旋转设备，扎紧袖口"),
        ],
    ),
    (
        "仓库叉车作业",
        "原料仓库",
        "厂内叉车搬运",
        ["1202"],
        ["02"],
        "LS",
        {"ls_l": 1, "ls_s": 3},
        [
            ("management", "department", "叉车司机持证驾驶，库内限速5公里/小时"),
            ("training", "team", "每月开展一次叉车安全培训"),
        ],
    ),
]


def _create(enterprise, template, assessor, today, *, overdue: bool) -> RiskPoint:
    name, place, activity, hazard_codes, accident_codes, method, inputs, steps = template
    review = today - dt.timedelta(days=10) if overdue else today + dt.timedelta(days=300)
    point = risk_points.risk_point_create(
        by=None,
        data={
            "enterprise": enterprise,
            "name": name,
            "place": place,
            "activity": activity,
            "hazard_factors": list(HazardFactorCategory.objects.filter(code__in=hazard_codes)),
            "accident_types": list(AccidentCategory.objects.filter(code__in=accident_codes)),
            "method": method,
            **{k: Decimal(v) for k, v in inputs.items()},
            "responsible_name": enterprise.safety_manager_name or enterprise.principal_name,
            "responsible_phone": enterprise.safety_manager_phone or enterprise.principal_phone,
            "next_review_on": review,
        },
        assessor=assessor,
        today=today,
        is_demo=True,
    )
    for kind, level, text in steps:
        measures.measure_add(
            by=None,
            risk_point=point,
            kind=kind,
            control_level=level,
            text=text,
            responsible=point.responsible_name,
        )
    return point


@transaction.atomic
def demo_risks() -> str:
    """Create the demo risk register once; a second run changes nothing."""
    existing = RiskPoint.objects.filter(is_demo=True).count()
    if existing:
        return f"risks: demo data already present ({existing} risk points); nothing changed"
    enterprises = list(Enterprise.objects.filter(is_demo=True).order_by("pk"))
    if not enterprises:
        return "risks: no demo enterprises; nothing created"
    reference.dataset_load(by=None, name="core.accident_categories")
    reference_data.load_all(by=None)
    assessor = Assessor.load()
    today = timezone.localdate()
    manager = User.objects.filter(username="manager", enterprise__is_demo=True).first()
    showcase = manager.enterprise if manager is not None else enterprises[0]
    made = [_create(showcase, t, assessor, today, overdue=i == 4) for i, t in enumerate(TEMPLATES)]
    others = [e for e in enterprises if e.pk != showcase.pk][::5]
    for i, enterprise in enumerate(others):
        for j in (i, i + 3, i + 5):
            template = TEMPLATES[j % len(TEMPLATES)]
            made.append(_create(enterprise, template, assessor, today, overdue=(i + j) % 9 == 0))
    levels = {p.level for p in made}
    return (
        f"risks: {len(made)} demo risk points at {len(others) + 1} enterprises "
        f"({len(levels)} levels, {sum(p.level == 'major' for p in made)} 重大)"
    )
