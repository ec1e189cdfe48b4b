"""Uploading a notice (items → obligations → occurrences), assigning units, learning aliases."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.models import Department, Region, User
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
from anjian.duties.schedule import deadline_text, occurrences_for
from anjian.duties.services.base import change_audited, insert_audited, require_action
from anjian.duties.services.units import Status, UnitResolver, unit_roles

NOTICE_EXTENSIONS = [".docx", ".pdf", ".txt", ".html", ".htm"]


def notice_upload(*, by: User | None, region: Region, file, year: int | None = None) -> Notice:
    """Parse and store a notice with its items, obligations, occurrences and indicators.

    All or nothing: a file that cannot be read, has no numbered tasks, or was uploaded
    before raises ValidationError naming the problem, and nothing is stored (the source
    file written to storage is removed again).
    """
    if by is not None and not access_for(by).holds("notice.add"):
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
    stored = []
    try:
        return _store(
            by=by, region=region, data=data, name=name, parsed=parsed, year=year, stored=stored
        )
    except BaseException:
        for notice in stored:  # the transaction rolled back: remove the orphaned file too
            notice.source_file.storage.delete(notice.source_file.name)
        raise


@transaction.atomic
def _store(*, by, region, data, name, parsed, year, stored) -> Notice:
    if by is not None and not Region.objects.visible_to(by, "view").filter(pk=region.pk).exists():
        raise PermissionDenied("不能在您的管辖范围之外上传政策文件。")
    sha = hashlib.sha256(data).hexdigest()
    existing = Notice.objects.filter(region=region, source_sha256=sha).first()
    if existing is not None:
        raise ValidationError({"file": f"该文件已上传过：《{existing.title}》。"})
    date = _date(parsed.get("date"))
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
        uploaded_by=by if by is not None and by.pk else None,
    )
    notice.source_file.save(name, ContentFile(data), save=False)
    stored.append(notice)
    notice.full_clean(exclude=["region", "uploaded_by"])
    insert_audited(by=by, obj=notice, action="notice.upload")
    if by is not None and not Notice.objects.visible_to(by, "add").filter(pk=notice.pk).exists():
        raise PermissionDenied("您没有在该区划上传政策文件的权限。")
    resolver = UnitResolver(region)
    number = 0
    for position, raw in enumerate(parsed.get("items", []), start=1):
        item = NoticeItem.objects.create(
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
        if item.is_task:
            number += 1
            _create_obligation(by=by, notice=notice, item=item, number=number, resolver=resolver)
    return notice


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def work_deadlines(notice: Notice, item: NoticeItem) -> list[dict]:
    """The item's deadlines moved into the notice's work year when it differs from the text's.

    A notice applied to another year (``notice_upload(year=...)``, e.g. last year's plan
    reused) keeps its month-and-day deadlines in the new year.
    """
    shift = notice.year - int(notice.parsed.get("year") or notice.year)
    if not shift:
        return item.deadlines
    moved = []
    for deadline in item.deadlines:
        due = _date(deadline.get("date"))
        if due is not None:
            day = min(due.day, 28) if due.month == 2 else due.day
            deadline = {**deadline, "date": due.replace(year=due.year + shift, day=day).isoformat()}
        moved.append(deadline)
    return moved


def _create_obligation(*, by, notice, item, number, resolver) -> Obligation:
    obligation = Obligation(
        notice=notice,
        item=item,
        region=notice.region,
        number=number,
        text=item.text or item.heading,
        deadline_text=deadline_text(
            recurrences=item.recurrences, deadlines=work_deadlines(notice, item), year=notice.year
        )[:200],
    )
    roles = unit_roles(item.text, item.units)
    plan, pending = [], []
    for name in item.units:
        resolution = resolver.resolve(name)
        if resolution.departments:
            plan += [(d, roles[name], name) for d in resolution.departments]
        else:
            reason = "vague" if resolution.status == Status.VAGUE else "unresolved"
            pending.append({"name": name, "reason": reason})
    obligation.pending_units = pending
    insert_audited(by=by, obj=obligation, action="obligation.create")
    for department, role, source in plan:
        add_unit(by=by, obligation=obligation, department=department, role=role, source=source)
    for target in item.targets:
        try:
            value = Decimal(str(target.get("value")))
        except (InvalidOperation, ValueError):
            continue
        indicator = Indicator(
            obligation=obligation,
            target_value=value,
            unit=(target.get("unit") or "")[:20],
            phrase=(target.get("phrase") or "")[:300],
        )
        insert_audited(by=by, obj=indicator, action="indicator.create", region=notice.region)
    return obligation


def add_unit(*, by, obligation: Obligation, department: Department, role: str, source: str):
    """Make ``department`` responsible for ``obligation`` and open its occurrences (idempotent).

    A department named both as lead and as support stays lead.
    """
    unit = ObligationUnit.objects.filter(obligation=obligation, department=department).first()
    if unit is not None:
        if role == UnitRole.LEAD and unit.role != UnitRole.LEAD:
            change_audited(
                by=by,
                obj=unit,
                changes={"role": role},
                action="obligationunit.update",
                region=obligation.region,
            )
            for occurrence in Occurrence.objects.filter(
                obligation=obligation, department=department
            ):
                change_audited(
                    by=by, obj=occurrence, changes={"role": role}, action="occurrence.update"
                )
        return unit
    unit = ObligationUnit(
        obligation=obligation, department=department, role=role, source_name=source[:200]
    )
    insert_audited(by=by, obj=unit, action="obligationunit.create", region=obligation.region)
    for period, due in _periods(obligation):
        occurrence = Occurrence(
            obligation=obligation,
            department=department,
            role=role,
            region=obligation.region,
            period=period,
            due_date=due,
        )
        insert_audited(by=by, obj=occurrence, action="occurrence.create")
    return unit


def _periods(obligation: Obligation) -> list[tuple[str, dt.date]]:
    """The periods a unit works on: the notice's recurrences and deadlines, or the one
    deadline of an obligation assigned outside a notice."""
    if obligation.notice_id is None:
        return [(f"{obligation.due_date:%Y-%m-%d}", obligation.due_date)]
    item, notice = obligation.item, obligation.notice
    return occurrences_for(
        recurrences=item.recurrences, deadlines=work_deadlines(notice, item), year=notice.year
    )


def assignable(by, region: Region, departments) -> list[Department]:
    """The chosen departments, all of ``region`` or below it and visible to ``by``."""
    allowed = Department.objects.filter(region__path__startswith=region.path)
    if by is not None:
        allowed = allowed.visible_to(by)
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
    departments,
    role: str = UnitRole.LEAD,
    name: str = "",
) -> Obligation:
    """The coordinator makes departments responsible (for a vague or unresolved unit ``name``)."""
    require_action(by, "change", obligation, "只有安委办协调员可以为任务指定责任单位。")
    locked = (
        Obligation.objects.select_for_update(of=("self",))
        .select_related("item", "notice", "region")
        .get(pk=obligation.pk)
    )
    if role not in UnitRole.values:
        raise ValidationError({"role": "分工只能是牵头或配合。"})
    pending = list(locked.pending_units)
    if name and not any(p["name"] == name for p in pending):
        raise TransitionNotAllowed(f"“{name}”不是该任务待指定的单位。")
    for department in assignable(by, locked.region, departments):
        add_unit(by=by, obligation=locked, department=department, role=role, source=name)
    if name:
        pending = [p for p in pending if p["name"] != name]
        change_audited(
            by=by, obj=locked, changes={"pending_units": pending}, action="obligation.assign"
        )
    return locked


@transaction.atomic
def unit_map(*, by: User | None, notice: Notice, name: str, department: Department) -> int:
    """Remember that ``name`` means ``department`` (an alias) and assign it wherever pending.

    Returns how many obligations of the region subtree received the department. A vague
    name (有关成员单位…) cannot become an alias; it is assigned task by task.
    """
    require_action(by, "change", notice, "只有安委办协调员可以对应单位名称。")
    obligations = Obligation.objects.filter(region__path__startswith=notice.region.path)
    if by is not None:
        obligations = obligations.visible_to(by, "change")
    matching = [
        o
        for o in obligations.select_related("item", "notice", "region").order_by("id")
        if any(p["name"] == name for p in o.pending_units)
    ]
    if not matching:
        raise TransitionNotAllowed(f"没有待对应的单位名称“{name}”。")
    if any(p["reason"] == "vague" for o in matching for p in o.pending_units if p["name"] == name):
        raise TransitionNotAllowed(
            f"“{name}”是泛指的单位，请在各任务中分别指定部门，不能设为别名。"
        )
    assignable(by, matching[0].region, [department])
    department_add_alias(by=by, department=department, name=name)
    for obligation in matching:
        role = unit_roles(obligation.item.text, [name])[name]
        obligation_assign(
            by=by, obligation=obligation, departments=[department], role=role, name=name
        )
    return len(matching)


def pending_names(notice: Notice) -> list[dict]:
    """Unit names of the notice still waiting for the coordinator, with how many tasks each."""
    counts: dict[tuple[str, str], int] = {}
    for pending in notice.obligations.values_list("pending_units", flat=True):
        for p in pending:
            key = (p["name"], p["reason"])
            counts[key] = counts.get(key, 0) + 1
    return [{"name": n, "reason": r, "count": c} for (n, r), c in sorted(counts.items())]
