"""一厂出事故、万厂受教育: warn a sector, collect each enterprise's receipt and self-inspection."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accidents.models import Accident, IndustryWarning, WarningAcknowledgement
from anjian.accidents.rulebook import load_rulebook
from anjian.accidents.workflows import ACCIDENT_FLOW, ACKNOWLEDGEMENT_FLOW
from anjian.core.models import Enterprise, Region, Sector, User
from anjian.core.services.common import create_audited, require_text, update_audited


@transaction.atomic
def warning_issue(
    *,
    by: User | None,
    accident: Accident,
    region: Region,
    title: str,
    content: str,
    sector: Sector | None = None,
    ack_due: dt.date | None = None,
    now: dt.datetime | None = None,
) -> IndustryWarning:
    """Warn every enterprise of the sector in ``region`` and below; each must answer."""
    ACCIDENT_FLOW.check(by, accident, "warn")
    now = now or timezone.now()
    sector = sector or accident.sector
    if ack_due is None:
        ack_due = timezone.localdate(now) + dt.timedelta(
            days=load_rulebook().params["warning_ack_days"]
        )
    if ack_due < timezone.localdate(now):
        raise ValidationError({"ack_due": "确认期限不能早于今天。"})
    enterprises = list(
        Enterprise.objects.filter(region__path__startswith=region.path, sector=sector).order_by(
            "pk"
        )
    )
    if not enterprises:
        raise ValidationError({"region": f"{region.name}没有“{sector}”行业的生产经营单位。"})
    department = by.department if by is not None and by.department_id else accident.department
    warning = IndustryWarning(
        accident=accident,
        region=region,
        sector=sector,
        department=department,
        title=require_text(title, "title", "标题"),
        content=require_text(content, "content", "事故教训和防范要求", min_length=10),
        issued_at=now,
        issued_by=by,
        ack_due=ack_due,
    )
    create_audited(by=by, obj=warning, action="warning.issue")
    for enterprise in enterprises:
        create_audited(
            check_scope=False,
            by=by,
            obj=WarningAcknowledgement(warning=warning, enterprise=enterprise),
            action="warning.send",
            region=enterprise.region_id,
        )
    return warning


@transaction.atomic
def warning_acknowledge(
    *, by: User | None, acknowledgement: WarningAcknowledgement, now: dt.datetime | None = None
) -> WarningAcknowledgement:
    """The enterprise confirms it received and read the warning."""
    row = ACKNOWLEDGEMENT_FLOW.begin(by, acknowledgement, "acknowledge")
    return update_audited(
        check_scope=False,
        by=by,
        obj=row,
        changes={"acknowledged_at": now or timezone.now(), "acknowledged_by": by},
        action="warning.acknowledge",
        region=row.enterprise.region_id,
    )


@transaction.atomic
def warning_record_self_inspection(
    *,
    by: User | None,
    acknowledgement: WarningAcknowledgement,
    findings: str,
    hazards_found: int = 0,
    now: dt.datetime | None = None,
) -> WarningAcknowledgement:
    """Record the self-inspection the warning asked for (举一反三、自查自改)."""
    row = ACKNOWLEDGEMENT_FLOW.begin(by, acknowledgement, "self_inspection")
    try:
        hazards_found = int(hazards_found)
    except (TypeError, ValueError):
        raise ValidationError({"hazards_found": "请填写数字。"}) from None
    if hazards_found < 0:
        raise ValidationError({"hazards_found": "不能为负数。"})
    return update_audited(
        check_scope=False,
        by=by,
        obj=row,
        changes={
            "self_inspected_at": now or timezone.now(),
            "self_inspection": require_text(findings, "self_inspection", "自查情况", min_length=5),
            "hazards_found": hazards_found,
        },
        action="warning.self_inspection",
        region=row.enterprise.region_id,
    )
