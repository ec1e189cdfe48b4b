"""Creating and editing government units and their aliases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from anjian.core import audit
from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied
from anjian.core.models import Department, DepartmentAlias, Sector, User
from anjian.core.services.common import create_audited, locked, require, update_audited


@transaction.atomic
def department_create(
    *,
    by: User | None,
    data: dict[str, Any],
    sectors: Iterable[Sector] = (),
    aliases: Iterable[str] = (),
    is_demo: bool = False,
) -> Department:
    """Create a department in a region the caller holds; audited."""
    department = Department(**data, is_demo=is_demo)
    create_audited(
        by=by, obj=department, action="department.create", m2m={"sectors": list(sectors)}
    )
    for alias in aliases:
        department_add_alias(by=by, department=department, name=alias)
    return department


@transaction.atomic
def department_update(
    *,
    by: User | None,
    department: Department,
    data: dict[str, Any],
    sectors: Iterable[Sector] | None = None,
) -> Department:
    """Change a department's name, kind, phone or supervised sectors; audited."""
    require(by, "change", department)
    row = locked(department)
    new_region = data.get("region")
    if new_region is not None and new_region.pk != row.region_id:
        if not access_for(by).allows("view", new_region):
            raise PermissionDenied("不能把部门移到您的管辖范围之外。")
        outside = row.supervised_enterprises.exclude(region__path__startswith=new_region.path)
        if outside.exists() or row.staff.exists():
            raise ValidationError(
                {
                    "region": "该部门仍有监管的单位或工作人员在新区划之外，不能直接改变其所属区划；"
                    "请先调整这些单位的监管部门和人员。"
                }
            )
    m2m = {"sectors": list(sectors)} if sectors is not None else None
    return update_audited(by=by, obj=row, changes=data, action="department.update", m2m=m2m)


@transaction.atomic
def department_add_alias(*, by: User | None, department: Department, name: str) -> DepartmentAlias:
    """Remember another name for a department (e.g. 应急局 for 应急管理局)."""
    require(by, "change", department)
    alias, created = DepartmentAlias.objects.get_or_create(department=department, name=name.strip())
    if created:
        audit.record(
            actor=by,
            action="department.alias_add",
            obj=alias,
            before=None,
            after=audit.snapshot(alias),
            region=department.region,
        )
    return alias
