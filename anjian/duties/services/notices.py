"""Uploading a notice (items → obligations → occurrences), assigning units, learning aliases."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.models import Department, Region, User
from anjian.core.services.common import create_audited, locked, update_audited
from anjian.core.services.departments import department_add_alias
from anjian.core.uploads import validate_upload
from anjian.duties.models import (
    Indicator,
    Notice,
    NoticeItem,
    Obligation,
    ObligationUnit,
    Occurrence,
    UnitRole,
)
from anjian.duties.parsing import NoticeError, parse_notice
from anjian.duties.schedule import deadline_text, iso_date
from anjian.duties.services.units import Status, UnitResolver, unit_roles

NOTICE_EXTENSIONS = [".docx", ".pdf", ".txt", ".html", ".htm"]


def notice_upload(
    *, by: User | None, region: Region, file: File, year: int | None = None, is_demo: bool = False
) -> Notice:
    """Parse and store a notice with its items, obligations, occurrences and indicators.

    All or nothing: a file that cannot be read, has no numbered tasks, or was uploaded
    before raises ValidationError naming the problem, and nothing is stored (the source
    file written to storage is removed again).
    """
    access = access_for(by)
    if not access.holds("notice.add"):
        raise PermissionDenied("只有安委办协调员可以上传政策文件。")
    try:
        validate_upload(file, extensions=NOTICE_EXTENSIONS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    data = file.read()
    name = PurePath(getattr(file, "name", "") or "notice.txt").name
    try:
        parsed = parse_notice(data, filename=name)
    except NoticeError as error:
        message = (
            f"无法读取该文件（{error}）。请上传 DOCX、PDF（含文字层）、HTML 或 TXT 格式的通知原文。"
        )
        raise ValidationError({"file": message}) from error
    if not any(item.get("is_task") for item in parsed.get("items", [])):
        raise ValidationError(
            {"file": "文件中没有找到编号的任务条目（如“1.”“(一)”），请确认上传的是通知原文。"}
        )
    if not access.allows("view", region):
        raise PermissionDenied("不能在您的管辖范围之外上传政策文件。")
    sha = hashlib.sha256(data).hexdigest()
    existing = Notice.objects.filter(region=region, source_sha256=sha).first()
    if existing is not None:
        raise ValidationError({"file": f"该文件已上传过：《{existing.title}》。"})
    date = iso_date(parsed.get("date"))
    work_year = year or parsed.get("year") or (date.year if date else dt.date.today().year)
    notice = Notice(
        region=region,
        title=(parsed.get("title") or PurePath(name).stem)[:300],
        doc_number=(parsed.get("doc_number") or "")[:100],
        issuer=(parsed.get("issuer") or "")[:200],
        date=date,
        year=int(work_year),
        source_name=name[:255],
        source_sha256=sha,
        parsed=parsed,
        reported_by=by,
        is_demo=is_demo and by is None,
    )
    if not access.allows("add", notice):
        raise PermissionDenied("您没有在该区划上传政策文件的权限。")
    try:
        with transaction.atomic():
            notice.source_file.save(name, ContentFile(data), save=False)
            create_audited(check_scope=False, by=by, obj=notice, action="notice.upload")
            _store_items(by=by, notice=notice)
    except BaseException:
        if notice.source_file:  # the transaction rolled back: remove the orphaned file too
            notice.source_file.storage.delete(notice.source_file.name)
        raise
    return notice


def _store_items(*, by: User | None, notice: Notice) -> None:
    """The notice's parsed items, and an obligation for each task item."""
    resolver = UnitResolver(notice.region)
    number = 0
    for position, raw in enumerate(notice.parsed.get("items", []), start=1):
        item = NoticeItem(
            notice=notice,
            position=position,
            path=raw.get("path", []),
            heading=raw.get("heading") or "",
            text=raw.get("text") or "",
            is_task=bool(raw.get("is_task")),
            units=raw.get("units", []),
            deadlines=raw.get("deadlines", []),
            recurrences=raw.get("recurrences", []),
            targets=raw.get("targets", []),
        )
        item.full_clean()  # parsed, not typed in: immutable and not audited (the file is)
        item.save()
        if item.is_task:
            number += 1
            _create_obligation(by=by, notice=notice, item=item, number=number, resolver=resolver)


def _create_obligation(
    *, by: User | None, notice: Notice, item: NoticeItem, number: int, resolver: UnitResolver
) -> Obligation:
    """The obligation of one task item: its resolved units (with their periods), the names
    left for the coordinator, and its quantified targets."""
    obligation = Obligation(
        notice=notice,
        item=item,
        region=notice.region,
        number=number,
        text=item.text or item.heading,
        deadline_text=deadline_text(
            recurrences=item.recurrences, deadlines=item.work_deadlines(), year=notice.year
        )[:200],
    )
    roles = unit_roles(item.text, item.units)
    plan, pending = [], []
    for name in item.units:
        resolution = resolver.resolve(name)
        if resolution.departments:
            plan += [(d, roles[name], name) for d in resolution.departments]
        else:
            vague = resolution.status == Status.VAGUE
            pending.append({"name": name, "reason": Status.VAGUE if vague else Status.UNRESOLVED})
    obligation.pending_units = pending
    create_audited(check_scope=False, by=by, obj=obligation, action="obligation.create")
    for department, role, source in plan:
        add_unit(by=by, obligation=obligation, department=department, role=role, source=source)
    for target in item.targets:
        value = Indicator.amount(target.get("value"))
        if value is None:  # not a quantity a target column holds: the text keeps it
            continue
        indicator = Indicator(
            obligation=obligation,
            target_value=value,
            unit=(target.get("unit") or "")[:20],
            phrase=(target.get("phrase") or "")[:300],
        )
        create_audited(
            check_scope=False, by=by, obj=indicator, action="indicator.create", region=notice.region
        )
    return obligation


def add_unit(
    *, by: User | None, obligation: Obligation, department: Department, role: str, source: str
) -> ObligationUnit:
    """Make ``department`` responsible for ``obligation`` and open its occurrences (idempotent).

    A department named both as lead and as support stays lead.
    """
    unit = ObligationUnit.objects.filter(obligation=obligation, department=department).first()
    if unit is not None:
        if role == UnitRole.LEAD and unit.role != UnitRole.LEAD:
            changes, region = {"role": role}, obligation.region_id
            update_audited(
                check_scope=False,
                by=by,
                obj=unit,
                changes=changes,
                action="obligationunit.update",
                region=region,
            )
            for occurrence in obligation.occurrences.filter(department=department):
                update_audited(
                    check_scope=False,
                    by=by,
                    obj=occurrence,
                    changes=changes,
                    action="occurrence.update",
                )
        return unit
    unit = ObligationUnit(
        obligation=obligation, department=department, role=role, source_name=source[:200]
    )
    create_audited(
        check_scope=False, by=by, obj=unit, action="obligationunit.create", region=obligation.region
    )
    for period, due in obligation.periods():
        occurrence = Occurrence(
            obligation=obligation,
            department=department,
            role=role,
            region=obligation.region,
            period=period,
            due_date=due,
        )
        create_audited(check_scope=False, by=by, obj=occurrence, action="occurrence.create")
    return unit


def assignable(
    *, by: User | None, region: Region, departments: Iterable[Department]
) -> list[Department]:
    """The chosen departments, all of ``region`` or below it and visible to ``by``."""
    allowed = access_for(by).scope(Obligation.departments_under(region))
    chosen = list(departments)
    ids = set(allowed.filter(pk__in=[d.pk for d in chosen]).values_list("pk", flat=True))
    outside = [d.name for d in chosen if d.pk not in ids]
    if outside:
        raise ValidationError(
            {"departments": f"只能指定本区划及下级的部门：{'、'.join(outside)}不在其中。"}
        )
    if not chosen:
        raise ValidationError({"departments": "请至少选择一个部门。"})
    return chosen


@transaction.atomic
def obligation_assign(
    *,
    by: User | None,
    obligation: Obligation,
    departments: Iterable[Department],
    role: str = UnitRole.LEAD,
    name: str = "",
) -> Obligation:
    """The coordinator makes departments responsible (for a vague or unresolved unit ``name``)."""
    access_for(by).require("change", obligation, "只有安委办协调员可以为任务指定责任单位。")
    row = locked(obligation)
    if name and row.pending_reason(name) is None:
        raise TransitionNotAllowed(f"“{name}”不是该任务待指定的单位。")
    for department in assignable(by=by, region=row.region, departments=departments):
        add_unit(by=by, obligation=row, department=department, role=role, source=name)
    if name:
        update_audited(
            check_scope=False,
            by=by,
            obj=row,
            changes={"pending_units": [p for p in row.pending_units if p["name"] != name]},
            action="obligation.assign",
        )
    return row


@transaction.atomic
def unit_map(*, by: User | None, notice: Notice, name: str, department: Department) -> int:
    """Remember that ``name`` means ``department`` (an alias) and assign it wherever pending.

    Returns how many obligations of the region subtree received the department. A vague
    name (有关成员单位…) cannot become an alias; it is assigned task by task.
    """
    access = access_for(by)
    access.require("change", notice, "只有安委办协调员可以对应单位名称。")
    obligations = Obligation.objects.filter(region__path__startswith=notice.region.path)
    obligations = access.scope(obligations, "change").select_related("item", "notice", "region")
    matching = [o for o in obligations.order_by("id") if o.pending_reason(name) is not None]
    if not matching:
        raise TransitionNotAllowed(f"没有待对应的单位名称“{name}”。")
    if any(o.pending_reason(name) == Status.VAGUE for o in matching):
        raise TransitionNotAllowed(
            f"“{name}”是泛指的单位，请在各任务中分别指定部门，不能设为别名。"
        )
    assignable(by=by, region=matching[0].region, departments=[department])
    department_add_alias(by=by, department=department, name=name)
    for obligation in matching:
        role = unit_roles(obligation.item.text, [name])[name]
        obligation_assign(
            by=by, obligation=obligation, departments=[department], role=role, name=name
        )
    return len(matching)
