"""Obligations assigned outside a notice: another module (an accident investigation's
转为责任事项) makes a department responsible for a task with a deadline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied
from anjian.core.models import Department, Region, User
from anjian.core.services.common import create_audited, require_text
from anjian.duties.models import Obligation, UnitRole
from anjian.duties.services.notices import add_unit, assignable


@transaction.atomic
def obligation_create(
    *,
    by: User | None,
    region: Region,
    text: str,
    lead: Department,
    due_date: dt.date | None,
    origin: str,
    origin_url: str = "",
) -> Obligation:
    """Make ``lead`` responsible for ``text`` by ``due_date``, tracked like a notice's task
    (one period, progress with evidence, review, overdue marking and reminders)."""
    access = access_for(by)
    if not access.holds("obligation.change"):
        raise PermissionDenied("只有安委办协调员可以指派责任事项。")
    access.require("view", region)
    if due_date is None:
        raise ValidationError({"due_date": "请填写完成期限。"})
    (department,) = assignable(by=by, region=region, departments=[lead])
    taken = Obligation.objects.filter(notice__isnull=True, region=region).aggregate(
        n=Max("number")
    )["n"]
    obligation = Obligation(
        region=region,
        number=(taken or 0) + 1,
        text=require_text(text, "text", "任务内容"),
        deadline_text=f"{due_date:%Y年%m月%d日}前",
        origin=require_text(origin, "origin", "来源")[:200],
        origin_url=origin_url[:200],
        due_date=due_date,
    )
    create_audited(check_scope=False, by=by, obj=obligation, action="obligation.create")
    add_unit(
        by=by, obligation=obligation, department=department, role=UnitRole.LEAD, source=lead.name
    )
    return obligation
