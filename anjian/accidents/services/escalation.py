"""Escalation: accidents piling up in a county or city open a 专项巡查/督导 task (rules: data)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.accidents.models import Accident, EscalationRule, SupervisionTask
from anjian.accidents.rules import add_months, local_date, tripping_group
from anjian.accidents.workflows import TASK_FLOW
from anjian.core import audit
from anjian.core.models import Region, User
from anjian.core.services.common import create_audited, locked, require_text


def counting_regions(region: Region, levels: set[int]) -> list[Region]:
    """The region and its ancestors at the levels a rule counts in (county, city…)."""
    codes = [code for code in region.path.split("/") if code]
    return list(Region.objects.filter(code__in=codes, level__in=levels).order_by("path"))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def window_candidates(
    region: Region, rule: EscalationRule, day: dt.date
) -> list[tuple[int, dt.date]]:
    """Accidents of at least the rule's grade in the region around ``day`` (one window each way)."""
    months = rule.window_months
    start = _day_start(add_months(day, -months) - dt.timedelta(days=3))
    end = _day_start(add_months(day, months) + dt.timedelta(days=4))
    rows = (
        Accident.objects.within(region)
        .filter(
            grade__rank__gte=rule.min_grade.rank,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .values_list("pk", "occurred_at")
    )
    return [(pk, local_date(when)) for pk, when in rows]


def _link_to_open_task(task: SupervisionTask, group: list[int]) -> SupervisionTask | None:
    task = locked(task)
    current = set(task.accidents.values_list("pk", flat=True))
    new = set(group) - current
    if not new:
        return None
    before = audit.snapshot(task)
    task.accidents.add(*new)
    audit.record(
        actor=None,
        action="supervisiontask.link",
        obj=task,
        before=before,
        after=audit.snapshot(task),
    )
    return task


def _open_task(rule: EscalationRule, region: Region, group: list[int], now) -> SupervisionTask:
    name = region.full_name or region.name
    task = SupervisionTask(
        region=region,
        rule=rule,
        kind=rule.task_kind,
        title=f"{name}{rule.task_kind}：{rule.name}",
        notified_region=region.parent,
        created_at=now,
    )
    try:
        with transaction.atomic():
            return create_audited(
                by=None, obj=task, action="supervisiontask.create", m2m={"accidents": group}
            )
    except IntegrityError:
        # A concurrent report opened the task first (one open task per region and rule).
        existing = SupervisionTask.objects.open().get(region=region, rule=rule)
        return _link_to_open_task(existing, group) or existing


@transaction.atomic
def escalation_check(
    *, accident: Accident, now: dt.datetime | None = None
) -> list[SupervisionTask]:
    """Open (or extend) a supervision task for every rule the accident's grade now trips.

    Run after every grade change, by the platform itself (the region may be above the
    reporter's scope). Idempotent: at most one open task per region and rule; accidents
    already covered by a task of that region and rule never open another one.
    """
    now = now or timezone.now()
    accident = Accident.objects.select_related("grade", "region").get(pk=accident.pk)
    day = local_date(accident.occurred_at)
    touched = []
    for rule in EscalationRule.objects.select_related("min_grade").order_by("code"):
        if accident.grade.rank < rule.min_grade.rank:
            continue
        for region in counting_regions(accident.region, set(rule.region_levels)):
            group = tripping_group(
                window_candidates(region, rule, day),
                min_count=rule.min_count,
                months=rule.window_months,
                containing=accident.pk,
            )
            if group is None:
                continue
            task = SupervisionTask.objects.open().filter(region=region, rule=rule).first()
            if task is not None:
                linked = _link_to_open_task(task, group)
                if linked is not None:
                    touched.append(linked)
                continue
            covered = set(
                SupervisionTask.accidents.through.objects.filter(
                    supervisiontask__region=region,
                    supervisiontask__rule=rule,
                    accident_id__in=group,
                ).values_list("accident_id", flat=True)
            )
            if covered >= set(group):
                continue
            touched.append(_open_task(rule, region, group, now))
    return touched


@transaction.atomic
def supervision_task_close(
    *, by: User | None, task: SupervisionTask, conclusion: str
) -> SupervisionTask:
    """Close a supervision task with its conclusion (全链条溯源追责的结果)."""
    row = TASK_FLOW.begin(by, task, "close")
    changes = {
        "conclusion": require_text(conclusion, "conclusion", "督导结论", min_length=5),
        "closed_at": timezone.now(),
        "closed_by": by,
    }
    return TASK_FLOW.finish(by, row, "close", changes)
