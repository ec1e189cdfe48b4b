"""Demo hazards for the demo county: a few hundred, in every state, some major and listed."""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from anjian.core.models import Enterprise, Region
from anjian.hazards import reference_data
from anjian.hazards.models import Hazard, HazardSource
from anjian.hazards.services import followup
from anjian.hazards.services import hazards as services
from anjian.risks.models import HazardFactorCategory, MajorHazardCriterion

COUNTY_CODE = "140222"
COUNT = 240
PLACES = ["储罐区", "配电室", "有限空间入口", "叉车通道", "粉尘除尘器", "危化品仓库", "消防通道",
          "动火作业点", "脚手架", "锅炉房", "喷漆房", "液氨管道"]  # fmt: skip
PROBLEMS = ["防护设施缺失", "警示标识不全", "安全通道堵塞", "电气线路老化", "未按规定检测",
            "应急器材过期", "作业未审批", "泄压装置失效"]  # fmt: skip
SOURCES = [HazardSource.SELF_CHECK] * 6 + [
    HazardSource.DEPARTMENT, HazardSource.DEPARTMENT, HazardSource.LEADER, HazardSource.EXPERT,
]  # fmt: skip
# Final state of each demo hazard, weighted: every state present.
TARGETS = ["reported"] * 2 + ["assigned"] * 2 + ["rectifying"] * 3 + ["submitted"] + ["closed"] * 4


def _png(rgb: tuple[int, int, int], width: int = 240, height: int = 160) -> bytes:
    """A plain-coloured PNG to stand in for a site photo (red before, green after)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes(rgb) * width
    pixels = zlib.compress(row * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _photo(name: str) -> SimpleUploadedFile:
    colour = (60, 150, 80) if "after" in name else (190, 60, 50)
    return SimpleUploadedFile(name, _png(colour), content_type="image/png")


def demo_hazards() -> str:
    """Create the demo hazards once; a second run changes nothing."""
    reference_data.load_all()
    existing = Hazard.objects.filter(is_demo=True).count()
    if existing:
        return f"hazards: demo data already present ({existing} hazards); nothing changed"
    county = Region.objects.filter(code=COUNTY_CODE).first()
    enterprises = list(
        Enterprise.objects.filter(region__path__startswith=county.path).order_by("id")[:60]
        if county
        else []
    )
    if not enterprises:
        return "hazards: no demo enterprises; nothing created"
    rng = random.Random(20261122)
    criteria = list(MajorHazardCriterion.objects.order_by("id")[:20])
    categories = list(HazardFactorCategory.objects.filter(level__gte=2).order_by("code")[:30])
    now = timezone.now()
    with transaction.atomic():
        for n in range(COUNT):
            _make(rng, n, enterprises, criteria, categories, now)
        marked = followup.overdue_mark()
        late = followup.double_report_check()
        reports = _public_reports(rng, enterprises)
    return (
        f"hazards: {COUNT} demo hazards, {marked} overdue, {late} 双报告超期, "
        f"{reports} public reports"
    )


REPORTS = [
    ("submitted", "仓库门口堆放大量纸箱，堵住了消防通道。"),
    ("submitted", "晚上有人在厂区里电焊，旁边就是油桶。"),
    ("accepted", "工地脚手架没有安全网，工人不系安全带。"),
    ("verified", "加油站旁边的小店在卖散装汽油。"),
    ("verified", "厂里的叉车司机没有证，在车间里经常超速。"),
    ("dismissed", "楼下饭店油烟很大，晚上也一直排放。"),
]


def _public_reports(rng, enterprises) -> int:
    """A few 群众举报 in every state, through the same services as the public form."""
    from anjian.hazards.reports import services as reports

    for status, text in REPORTS:
        enterprise = rng.choice(enterprises)
        report, _code = reports.public_report_submit(
            region=enterprise.region,
            description=text,
            enterprise_name=enterprise.name,
            contact_name="王先生" if rng.random() < 0.5 else "",
            contact_phone="13900001234" if rng.random() < 0.5 else "",
        )
        if status == "submitted":
            continue
        report = reports.report_accept(by=None, report=report, enterprise=enterprise)
        if status == "verified":
            reports.report_verify(
                by=None,
                report=report,
                finding="现场核查属实，已责令整改。",
                hazards=[reports.HazardFinding(enterprise, "现场", text)],
            )
        elif status == "dismissed":
            reports.report_dismiss(
                by=None, report=report, reason="不属于安全生产监管范围，已转交生态环境部门。"
            )
    return len(REPORTS)


def _make(rng, n, enterprises, criteria, categories, now):
    enterprise = rng.choice(enterprises)
    source = rng.choice(SOURCES)
    major = criteria and rng.random() < 0.08
    found_at = now - dt.timedelta(days=rng.randint(1, 330), hours=rng.randint(0, 9))
    hazard = services.hazard_report(
        by=None,
        enterprise=enterprise,
        source=source,
        place=rng.choice(PLACES),
        description=rng.choice(PROBLEMS),
        found_at=found_at,
        category=rng.choice(categories) if categories else None,
        criterion=rng.choice(criteria) if major else None,
        photos=[_photo(f"demo-{n}-before.png")],
        is_demo=True,
    )
    target = rng.choice(TARGETS)
    if hazard.is_major and rng.random() < 0.5 and (now - found_at).days > 12:
        followup.double_report_record(
            by=None,
            hazard=hazard,
            department_on=timezone.localdate(found_at) + dt.timedelta(days=rng.randint(0, 10)),
            congress_on=timezone.localdate(found_at) + dt.timedelta(days=rng.randint(0, 10)),
        )
    if target == "reported":
        return
    found_day = timezone.localdate(found_at)
    if target == "closed":
        deadline = found_day + dt.timedelta(days=rng.randint(15, 90))
    else:  # open ones: most still in time, some a little overdue
        deadline = max(found_day, timezone.localdate() + dt.timedelta(days=rng.randint(-20, 60)))
    hazard = services.hazard_assign(
        by=None,
        hazard=hazard,
        owner_name=rng.choice(["张伟", "王芳", "李强", "刘洋", "陈静"]),
        measures="按规定" + rng.choice(["修复", "更换", "整改", "加装"]) + "并复查",
        deadline=deadline,
        funds=rng.choice([0, 500, 2000, 15000]),
    )
    if hazard.is_major and rng.random() < 0.4 and hazard.region.parent_id:
        from anjian.core.models import Department

        unit = Department.objects.filter(region__path__startswith=hazard.region.parent.path).first()
        if unit is not None:
            followup.hazard_list(
                by=None,
                hazard=hazard,
                authority=hazard.region.parent,
                responsible_leader="县政府分管副县长",
                supervising_unit=unit,
                deadline=max(deadline, timezone.localdate()),
                document_number=f"天安委办〔{found_at.year}〕{n + 1}号",
            )
            hazard.refresh_from_db()
    if target == "assigned":
        return
    hazard = services.hazard_start(by=None, hazard=hazard)
    if target == "rectifying":
        return
    hazard = services.hazard_submit(
        by=None,
        hazard=hazard,
        rectification_note="已按措施完成整改，现场复查合格。",
        photos=[_photo(f"demo-{n}-after.png")],
    )
    if target == "submitted":
        return
    services.hazard_close(by=None, hazard=hazard, note="验收合格，同意销号。")
