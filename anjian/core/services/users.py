"""Creating users and granting or revoking their roles."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from anjian.core import audit
from anjian.core.models import Department, Enterprise, Region, RoleAssignment, User
from anjian.core.services.common import create_audited, require, update_audited


@transaction.atomic
def user_create(
    *,
    by: User | None,
    username: str,
    password: str,
    display_name: str = "",
    phone: str = "",
    region: Region | None = None,
    department: Department | None = None,
    enterprise: Enterprise | None = None,
    is_demo: bool = False,
    validate: bool = True,
) -> User:
    """Create a login that belongs to a region, department or enterprise in the caller's scope."""
    if region is None:
        region = (department and department.region) or (enterprise and enterprise.region)
    user = User(
        username=username,
        display_name=display_name,
        phone=phone,
        region=region,
        department=department,
        enterprise=enterprise,
        is_demo=is_demo,
    )
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    return create_audited(by=by, obj=user, action="user.create")


@transaction.atomic
def user_set_active(*, by: User | None, user: User, active: bool) -> User:
    """Enable or disable a login (users are never deleted: their audit trail stays)."""
    require(by, "change", user)
    return update_audited(by=by, obj=user, changes={"is_active": active}, action="user.set_active")


@transaction.atomic
def role_grant(
    *,
    by: User | None,
    user: User,
    role: str,
    region: Region | None = None,
    department: Department | None = None,
    enterprise: Enterprise | None = None,
    include_descendants: bool = True,
) -> RoleAssignment:
    """Give ``user`` a role on one anchor; the granter must manage the user and see the anchor."""
    require(by, "change", user)
    for anchor in (region, department, enterprise):
        if anchor is not None:
            require(by, "view", anchor)
    assignment = RoleAssignment(
        user=user,
        role=role,
        region=region,
        department=department,
        enterprise=enterprise,
        include_descendants=include_descendants if region is not None else False,
    )
    assignment.full_clean()
    assignment.save()
    user.__dict__.pop("_anjian_assignments", None)
    audit.record(
        actor=by,
        action="user.role_grant",
        obj=assignment,
        before=None,
        after=audit.snapshot(assignment),
        region=user.region,
    )
    return assignment


@transaction.atomic
def role_revoke(*, by: User | None, assignment: RoleAssignment) -> None:
    """Take a role away; the audit event keeps what it was."""
    require(by, "change", assignment.user)
    before = audit.snapshot(assignment)
    user = assignment.user
    pk = assignment.pk
    assignment.delete()
    assignment.pk = pk
    audit.record(
        actor=by,
        action="user.role_revoke",
        obj=assignment,
        before=before,
        after=None,
        region=user.region,
    )
    user.__dict__.pop("_anjian_assignments", None)
