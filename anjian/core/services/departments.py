"""Creating and editing government units and their aliases."""

from __future__ import annotations

from django.db import transaction

from anjian.core import audit
from anjian.core.models import Department, DepartmentAlias, User
from anjian.core.services.common import create_audited, require, update_audited


@transaction.atomic
def department_create(
    *, by: User | None, data: dict, sectors=(), aliases=(), is_demo: bool = False
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
    *, by: User | None, department: Department, data: dict, sectors=None
) -> Department:
    """Change a department's name, kind, phone or supervised sectors; audited."""
    require(by, "change", department)
    locked = Department.objects.select_for_update().get(pk=department.pk)
    m2m = {"sectors": list(sectors)} if sectors is not None else None
    return update_audited(by=by, obj=locked, changes=data, action="department.update", m2m=m2m)


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
