"""曝光台: publish a typical accident as a redacted summary; refuse text with personal data."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accidents.models import Accident, Publication, ResponsibilityFinding, SubjectKind
from anjian.accidents.rules import local_date
from anjian.accidents.workflows import ACCIDENT_FLOW, PUBLICATION_FLOW
from anjian.core.models import User
from anjian.core.services.common import create_audited, require_text, update_audited

PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def personal_names(accident: Accident) -> set[str]:
    """Names of people the accident's records mention: none may appear on the public page."""
    names = set()
    if accident.enterprise_id:
        enterprise = accident.enterprise
        names |= {enterprise.principal_name, enterprise.safety_manager_name}
    if accident.reported_by is not None:
        names.add(accident.reported_by.display_name)
    names |= set(
        ResponsibilityFinding.objects.filter(
            investigation__accident=accident, subject_kind=SubjectKind.PERSON
        ).values_list("subject", flat=True)
    )
    return {n.strip() for n in names if n and len(n.strip()) >= 2}


def _digits_joined(text: str) -> str:
    """Full-width characters folded and separators between digits removed (138 1234-5678)."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=\d)[\s\-－—.·]+(?=\d)", "", folded)


def personal_data_problems(text: str, accident: Accident, *, name_enterprise: bool) -> list[str]:
    """What in ``text`` must not be published: phone and ID numbers, people's names."""
    problems = []
    joined = _digits_joined(text)
    known_phones = set()
    if accident.enterprise_id:
        enterprise = accident.enterprise
        known_phones = {
            p for p in (enterprise.principal_phone, enterprise.safety_manager_phone) if p
        }
    if PHONE.search(joined) or any(p.replace("-", "") in joined for p in known_phones):
        problems.append("电话号码")
    if ID_NUMBER.search(joined):
        problems.append("身份证号码")
    problems += [f"人员姓名“{name}”" for name in sorted(personal_names(accident)) if name in text]
    if not name_enterprise and accident.enterprise_id and accident.enterprise.name in text:
        problems.append(f"单位名称“{accident.enterprise.name}”（如需公开，请勾选公开事故单位名称）")
    return problems


def publication_draft(accident: Accident) -> dict:
    """A title and summary built from the accident's structured facts only (no narrative)."""
    day = local_date(accident.occurred_at)
    county = accident.region.county
    place = county.full_name or county.name
    if accident.region_id != county.pk:
        place += accident.region.name
    harm = [
        f"{n}人{label}"
        for n, label in (
            (accident.deaths, "死亡"),
            (accident.missing, "失踪"),
            (accident.serious_injuries, "重伤"),
            (accident.minor_injuries, "轻伤"),
        )
        if n
    ] or ["无人员伤亡"]
    loss = accident.direct_loss / 10000
    return {
        "title": (
            f"{county.name}{accident.sector.name}“{day.month}·{day.day}”"
            f"{accident.category.name}事故"
        ),
        "summary": (
            f"{day.year}年{day.month}月{day.day}日，{place}一家{accident.sector.name}领域单位发生一起"
            f"{accident.category.name}{accident.grade.name}，造成{'、'.join(harm)}，"
            f"直接经济损失约{loss:.1f}万元。"
        ),
    }


@transaction.atomic
def publish(
    *,
    by: User | None,
    accident: Accident,
    title: str,
    summary: str,
    lessons: str,
    name_enterprise: bool = False,
) -> Publication:
    """Put a typical accident on the public 曝光台 (again, once withdrawn); text with personal
    data is refused."""
    row = ACCIDENT_FLOW.begin(by, accident, "publish")
    fields = {
        "title": require_text(title, "title", "标题"),
        "summary": require_text(summary, "summary", "事故概要", min_length=10),
        "lessons": require_text(lessons, "lessons", "警示和教训", min_length=10),
    }
    errors = {}
    for field, text in fields.items():
        problems = personal_data_problems(text, row, name_enterprise=name_enterprise)
        if problems:
            errors[field] = "含有不能公开的个人信息：" + "、".join(problems) + "。请删除后再发布。"
    if errors:
        raise ValidationError(errors)
    changes = {
        **fields,
        "name_enterprise": name_enterprise,
        "published_at": timezone.now(),
        "published_by": by,
    }
    existing = Publication.objects.filter(accident=row).first()
    if existing is None:
        return create_audited(
            by=by, obj=Publication(accident=row, **changes), action="publication.publish"
        )
    entry = PUBLICATION_FLOW.begin(by, existing, "republish")
    changes.update(withdrawn_at=None, withdraw_reason="")
    return update_audited(
        check_scope=False,
        by=by,
        obj=entry,
        changes=changes,
        action="publication.republish",
        region=row.region_id,
    )


@transaction.atomic
def publication_withdraw(*, by: User | None, publication: Publication, reason: str) -> Publication:
    """Take an entry off the public page (the record and its audit trail stay)."""
    row = PUBLICATION_FLOW.begin(by, publication, "withdraw")
    changes = {
        "withdrawn_at": timezone.now(),
        "withdraw_reason": require_text(reason, "withdraw_reason", "撤回原因"),
    }
    return update_audited(
        check_scope=False,
        by=by,
        obj=row,
        changes=changes,
        action="publication.withdraw",
        region=row.accident.region_id,
    )
