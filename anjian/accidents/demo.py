"""Demo accidents: a year (and some of the year before) in 天镇县, made through the services.

Two 较大 accidents 45 days apart trip the "3个月内2起较大事故" rule, so the demo shows a
supervision task. Some reports are late or missing, one casualty change comes after the
window, investigations run to their close, a warning goes to the chemical sector and one
accident is on the 曝光台. Deterministic (fixed seed, dates relative to today); run once.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from anjian.accidents import reference_data
from anjian.accidents.models import Accident, SanctionKind, SupervisionTask
from anjian.accidents.services import accidents as accident_services
from anjian.accidents.services import investigations, publications, sanctions, warnings
from anjian.core.demo import COUNTY_CODE
from anjian.core.models import (
    AccidentCategory,
    Department,
    Enterprise,
    Region,
    StandardisationLevel,
)

# (days ago, sector, GB 6441 category, deaths, serious, minor, loss in yuan, unit report delay
# in minutes, upward delays in minutes (None = not reported))
PLAN = [
    (700, "construction", "09", 1, 0, 1, 1_200_000, 40, [80]),
    (640, "road_transport", "02", 2, 1, 3, 900_000, 50, [90]),
    (560, "machinery", "03", 1, 0, 0, 600_000, 30, [60]),
    (500, "crowded_places", "08", 0, 2, 5, 2_500_000, 45, [70]),
    (430, "building_materials", "01", 1, 0, 2, 400_000, 55, [100]),
    (395, "hazardous_chemicals", "19", 1, 2, 0, 1_500_000, 35, [95]),
    (350, "construction", "10", 1, 1, 2, 1_800_000, 50, [110]),
    (320, "road_transport", "02", 1, 0, 2, 300_000, 150, [60]),
    (290, "commerce", "05", 1, 0, 0, 200_000, 40, [80]),
    (250, "machinery", "03", 0, 1, 1, 350_000, 20, [50]),
    (215, "construction", "04", 2, 0, 1, 2_200_000, 45, [130]),
    (190, "hazardous_chemicals", "19", 3, 2, 1, 6_800_000, 50, [70, 100]),
    (150, "crowded_places", "08", 0, 0, 3, 800_000, 30, [60]),
    (145, "road_transport", "02", 4, 2, 5, 3_100_000, 55, [90]),
    (110, "non_coal_mine", "11", 1, 0, 0, 700_000, 40, [None]),
    (80, "building_materials", "01", 0, 1, 2, 150_000, 25, [60]),
    (55, "construction", "09", 1, 0, 0, 500_000, 70, [100]),
    (30, "road_transport", "02", 1, 1, 1, 260_000, 35, [75]),
    (12, "machinery", "03", 0, 1, 0, 90_000, 20, [45]),
    (3, "commerce", "05", 1, 0, 0, 120_000, 45, [None]),
]
DEPARTMENT_OF_SECTOR = {"road_transport": "交通运输局"}


def _occurred(rng: random.Random, today: dt.date, days_ago: int) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(rng.randint(7, 18), rng.randint(0, 59)))
    )


def _report(rng, county: Region, number: int, row) -> Accident:
    days_ago, sector_code, category_code, deaths, serious, minor, loss, unit_delay, upward = row
    occurred_at = _occurred(rng, timezone.localdate(), days_ago)
    category = AccidentCategory.objects.get(code=category_code)
    enterprises = list(
        Enterprise.objects.filter(is_demo=True, sector__code=sector_code).order_by("pk")
    )
    enterprise = rng.choice(enterprises) if enterprises and number % 7 != 1 else None
    road = sector_code == "road_transport"
    if enterprise is not None:
        region, sector, department = (
            enterprise.region,
            enterprise.sector,
            enterprise.supervising_department,
        )
        who = enterprise.name.removeprefix("天镇县")
    else:
        source = Enterprise.objects.filter(is_demo=True, sector__code=sector_code).first()
        region = rng.choice(list(county.children.order_by("code")))
        sector = source.sector
        department = Department.objects.get(
            region=county, short_name=DEPARTMENT_OF_SECTOR.get(sector_code, "应急管理局")
        )
        who = f"{region.name}境内"
    unit_at = occurred_at + dt.timedelta(minutes=unit_delay)
    accident = accident_services.accident_report(
        by=None,
        data={
            "title": f"{who}“{occurred_at.month}·{occurred_at.day}”{category.name}事故",
            "occurred_at": occurred_at,
            "place": f"{region.name}{'G109国道' if road and enterprise is None else '厂区'}",
            "region": region,
            "enterprise": enterprise,
            "sector": sector,
            "department": department,
            "category": category,
            "is_road_traffic": road,
            "deaths": deaths,
            "serious_injuries": serious,
            "minor_injuries": minor,
            "direct_loss": Decimal(loss),
            "narrative": (
                f"{occurred_at:%Y年%m月%d日}，{who}发生一起{category.name}事故（演示数据）。"
            ),
            "measures_taken": "立即启动应急预案，组织救援，保护现场。",
        },
        unit_reported_at=unit_at,
        now=unit_at + dt.timedelta(minutes=5),
        is_demo=True,
    )
    previous = unit_at
    for level_unit, delay in zip(("天镇县应急管理局", "大同市应急管理局"), upward, strict=False):
        if delay is None:
            break
        previous = previous + dt.timedelta(minutes=delay)
        accident_services.report_upward(
            by=None, accident=accident, reporting_unit=level_unit, reported_at=previous
        )
    return accident


def _investigate(accident: Accident, *, close: bool) -> None:
    opened = accident.occurred_at + dt.timedelta(days=2)
    inv = investigations.investigation_open(
        by=None,
        accident=accident,
        led_by=accident.grade.get_investigated_by_display(),
        team="应急管理局、公安局、总工会、行业主管部门",
        now=opened,
    )
    if not close:
        return
    investigations.finding_add(
        by=None,
        investigation=inv,
        subject_kind="unit",
        subject=accident.enterprise.name if accident.enterprise_id else "事故车辆所属单位",
        responsibility="对事故发生负有责任",
        handling="依法给予行政处罚",
    )
    investigations.measure_add(
        by=None,
        investigation=inv,
        description="全面排查同类设备设施和作业环节，落实整改",
        responsible="事故单位",
    )
    investigations.investigation_set_checklist(
        by=None, investigation=inv, flags={f: True for f in inv.checklist_fields}
    )
    submitted = accident.occurred_at + dt.timedelta(days=50)
    inv = investigations.investigation_submit_report(
        by=None, investigation=inv, causes="违章作业，安全管理不到位。", submitted_at=submitted
    )
    investigations.investigation_record_reply(
        by=None,
        investigation=inv,
        reply_document=f"天政函〔{submitted.year}〕{accident.pk}号",
        replied_at=submitted + dt.timedelta(days=10),
    )
    investigations.investigation_close(by=None, investigation=inv)


@transaction.atomic
def demo_accidents() -> str:
    """Create the demo accidents once; a second run changes nothing."""
    reference_data.load_all(by=None)
    existing = Accident.objects.filter(is_demo=True).count()
    if existing:
        return f"accidents: demo data already present ({existing} accidents); nothing changed"
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None or not county.children.exists():
        return "accidents: no demo county; nothing created"
    rng = random.Random(20250317)
    made = [_report(rng, county, n, row) for n, row in enumerate(PLAN)]
    today = timezone.localdate()
    # A casualty change after the window: recorded, the grade stays (day 200 → day 150).
    late = made[10]
    accident_services.accident_update_figures(
        by=None,
        accident=late,
        figures={"deaths": late.deaths + 1},
        reason="一名重伤人员经抢救无效死亡（超过补报期，等级不自动调整）",
        at=late.occurred_at + dt.timedelta(days=40),
    )
    for accident in made:
        age = (today - timezone.localtime(accident.occurred_at).date()).days
        if age > 90:
            _investigate(accident, close=True)
        elif age > 20:
            _investigate(accident, close=False)
    chemical = made[11]
    warning = warnings.warning_issue(
        by=None,
        accident=chemical,
        region=county,
        title="关于危险化学品企业中毒窒息事故的警示通报",
        content="危险化学品企业发生一起较大中毒和窒息事故。各企业要立即开展有限空间作业专项自查，"
        "严格执行作业审批和先通风、再检测、后作业。",
        now=chemical.occurred_at + dt.timedelta(days=2),
        ack_due=today + dt.timedelta(days=7),
    )
    for index, answer in enumerate(warning.acknowledgements.order_by("pk")):
        if index % 3 == 2:
            continue
        warnings.warning_acknowledge(by=None, acknowledgement=answer)
        if index % 3 == 0:
            warnings.warning_record_self_inspection(
                by=None,
                acknowledgement=answer,
                findings="检查有限空间作业点，完善警示标识和检测记录。",
                hazards_found=index % 4,
            )
    if chemical.enterprise_id:
        suspension = sanctions.sanction_impose(
            by=None,
            enterprise=chemical.enterprise,
            accident=chemical,
            kind=SanctionKind.PRODUCTION_SUSPENDED,
            reason="发生较大事故，责令停产停业整顿。",
        )
        for code in list(suspension.checklist)[:3]:
            suspension = sanctions.sanction_check_item(
                by=None, sanction=suspension, item=code, done=True, note="现场核查通过"
            )
        if chemical.enterprise.standardisation_level != StandardisationLevel.NONE:
            sanctions.sanction_impose(
                by=None,
                enterprise=chemical.enterprise,
                accident=chemical,
                kind=SanctionKind.STANDARDISATION_REVOKED,
                reason="发生生产安全死亡事故，撤销安全生产标准化等级。",
            )
    road = made[13]
    draft = publications.publication_draft(road)
    publications.publish(
        by=None,
        accident=road,
        title=draft["title"],
        summary=draft["summary"],
        lessons="道路运输企业要严格落实车辆动态监控和驾驶人管理，严禁超速、疲劳驾驶。",
    )
    larger = sum(1 for a in made if a.grade.rank >= 2)
    tasks = SupervisionTask.objects.filter(region=county).count()
    return (
        f"accidents: {len(made)} demo accidents in 天镇县 ({larger} 较大), "
        f"{tasks} supervision task(s), 1 warning to {warning.acknowledgements.count()} enterprises"
    )
