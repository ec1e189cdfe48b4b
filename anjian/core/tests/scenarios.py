"""Test data shared by the scope, service and page tests: enterprise payloads and audit events."""

from __future__ import annotations

from anjian.core.models import AuditEvent, Enterprise, User
from anjian.core.roles import PERMISSIONS
from anjian.core.services import enterprises as enterprise_services
from anjian.core.tests.factories import valid_credit_code

NEW_INSIDE_CREDIT_CODE = valid_credit_code(900_001, region_code="990101")
NEW_OUTSIDE_CREDIT_CODE = valid_credit_code(900_002, region_code="990102")


def can(role: str, permission: str) -> bool:
    """Whether the matrix gives ``role`` the permission ("enterprise.view")."""
    return permission in PERMISSIONS[role]


def roles_with(roles: list[str], permission: str) -> list[str]:
    return [r for r in roles if can(r, permission)]


def roles_without(roles: list[str], permission: str) -> list[str]:
    return [r for r in roles if not can(r, permission)]


def inspector_of(enterprise: Enterprise) -> User:
    return enterprise.responsible_inspector


def enterprise_payload(world, *, inside: bool = True, as_ids: bool = True) -> dict:
    """A complete, valid new enterprise in county A (inside) or county B (outside).

    The inside one is supervised by dept_a in the chemical sector, so every role that may add
    enterprises (a county coordinator, dept_a's regulator) has it in scope.
    """
    template = world.enterprise_a if inside else world.enterprise_b
    values = {
        "credit_code": NEW_INSIDE_CREDIT_CODE if inside else NEW_OUTSIDE_CREDIT_CODE,
        "name": "甲一新登记化工有限公司" if inside else "乙一新登记化工有限公司",
        "sector": template.sector,
        "scale": "small",
        "employee_count": 15,
        "region": template.region,
        "address": "测试路2号",
        "supervising_department": template.supervising_department,
        "responsible_inspector": template.responsible_inspector,
        "principal_name": "李四",
        "principal_phone": "13900139000",
    }
    if as_ids:
        values = {k: getattr(v, "pk", v) for k, v in values.items()}
    return values


def enterprise_form_data(enterprise: Enterprise, **overrides) -> dict:
    """What the enterprise edit form posts for ``enterprise`` unchanged, plus ``overrides``."""
    data = {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "sector": enterprise.sector_id,
        "industry_code": enterprise.industry_code,
        "scale": enterprise.scale,
        "employee_count": enterprise.employee_count,
        "region": enterprise.region_id,
        "address": enterprise.address,
        "longitude": "" if enterprise.longitude is None else enterprise.longitude,
        "latitude": "" if enterprise.latitude is None else enterprise.latitude,
        "supervising_department": enterprise.supervising_department_id,
        "responsible_inspector": enterprise.responsible_inspector_id,
        "principal_name": enterprise.principal_name,
        "principal_phone": enterprise.principal_phone,
        "safety_manager_name": enterprise.safety_manager_name,
        "safety_manager_phone": enterprise.safety_manager_phone,
        "licence_number": enterprise.licence_number,
        "licence_expiry": enterprise.licence_expiry or "",
        "standardisation_level": enterprise.standardisation_level,
        "standardisation_expiry": enterprise.standardisation_expiry or "",
        "supervision_class": enterprise.supervision_class,
        "liability_insurance_expiry": enterprise.liability_insurance_expiry or "",
        "expected_version": enterprise.version,
    }
    if enterprise.has_liability_insurance:
        data["has_liability_insurance"] = "on"
    data.update(overrides)
    return data


def audit_events_in_both_counties(world) -> tuple[AuditEvent, AuditEvent]:
    """One audit event in county A and one in county B, made through the service.

    The world's two enterprises are reloaded, so they carry their new version.
    """
    enterprise_services.enterprise_update(
        by=None, enterprise=world.enterprise_a, data={"employee_count": 21}
    )
    enterprise_services.enterprise_update(
        by=None, enterprise=world.enterprise_b, data={"employee_count": 22}
    )
    world.enterprise_a.refresh_from_db()
    world.enterprise_b.refresh_from_db()
    events = AuditEvent.objects.filter(object_type="core.enterprise")
    inside = events.get(object_id=str(world.enterprise_a.pk))
    outside = events.get(object_id=str(world.enterprise_b.pk))
    return inside, outside
