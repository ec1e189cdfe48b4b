"""Demo data: the 天镇县 2025 notice imported into the demo county, with a little progress.

The notice is applied to the current work year so that the task table has open periods and
upcoming deadlines at first start. Idempotent: a second run finds the notice and does nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from anjian.core.demo import COUNTY_CODE
from anjian.core.models import Department, Region
from anjian.duties.models import Notice, ObligationUnit, Occurrence
from anjian.duties.services import notices, progress

NOTICE_FILE = Path(__file__).resolve().parent / "data" / "notices" / "000_5a0183682527af91.txt"


def resolution_figure(notice: Notice) -> tuple[int, int]:
    """(unit mentions resolved to departments, all unit mentions) over the notice's tasks."""
    total = resolved = 0
    for obligation in notice.obligations.select_related("item"):
        pending = {p["name"] for p in obligation.pending_units}
        for name in obligation.item.units:
            total += 1
            resolved += name not in pending
    return resolved, total


def demo_notice() -> str:
    """Import the 天镇县 notice into the demo county once and record some progress."""
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None or not Department.objects.filter(region=county, is_demo=True).exists():
        return "政策文件：没有演示县，跳过"
    data = NOTICE_FILE.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    notice = Notice.objects.filter(region=county, source_sha256=sha).first()
    if notice is not None:
        resolved, total = resolution_figure(notice)
        return f"政策文件：《{notice.title}》已导入（责任单位解析 {resolved}/{total}）"
    with NOTICE_FILE.open("rb") as handle:
        notice = notices.notice_upload(
            by=None,
            region=county,
            file=File(handle, name=NOTICE_FILE.name),
            year=timezone.localdate().year,
            is_demo=True,
        )
    _record_progress(notice)
    resolved, total = resolution_figure(notice)
    tasks = notice.obligations.count()
    return (
        f"政策文件：导入《{notice.title}》，{tasks}项任务，"
        f"责任单位解析 {resolved}/{total}，其余待安委办指定"
    )


def _record_progress(notice: Notice) -> None:
    emergency = ObligationUnit.objects.filter(
        obligation__notice=notice, department__short_name="应急管理局"
    ).values_list("department_id", flat=True)[:1]
    occurrences = list(
        Occurrence.objects.filter(
            obligation__notice=notice, department_id__in=list(emergency)
        ).order_by("obligation__number", "due_date")[:6]
    )
    texts = [
        "已召开专题会议部署，印发工作方案，建立落实清单。",
        "已开展专项检查，排查隐患并督促整改。",
        "已组织宣传培训，覆盖全部重点企业。",
        "正在推进，已完成阶段性工作。",
    ]
    for i, occurrence in enumerate(occurrences[:4]):
        progress.progress_submit(by=None, occurrence=occurrence, text=texts[i])
    for occurrence in occurrences[:2]:
        progress.progress_accept(by=None, occurrence=occurrence)
    if len(occurrences) > 2:
        progress.progress_return(
            by=None, occurrence=occurrences[2], reason="请补充检查记录和整改台账等佐证材料。"
        )
    indicator = notice.obligations.filter(indicators__isnull=False).first()
    if indicator is not None:
        progress.indicator_record(
            by=None, indicator=indicator.indicators.first(), value=60, note="演示数据"
        )
