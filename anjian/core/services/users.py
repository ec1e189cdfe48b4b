"""Creating users and granting or revoking their roles."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from anjian.core import audit
from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied
from anjian.core.models import Department, Enterprise, Region, RoleAssignment, User
from anjian.core.roles import AnchorKind, role_allows
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
    if department is not None and enterprise is not None:
        raise ValidationError({"enterprise": "用户只能属于一个部门或一个企业，不能同时属于两者。"})
    home = department or enterprise
    if home is not None:
        require(by, "view", home)
        if region is not None and region.pk != home.region_id:
            raise ValidationError({"region": f"所属区划应与“{home}”所在的{home.region}一致。"})
        region = home.region
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


def _reach(assignment: RoleAssignment) -> tuple[str, bool]:
    """The region subtree an assignment reaches: its path and whether it covers what is below."""
    if assignment.region_id:
        return assignment.region.path, assignment.include_descendants
    if assignment.department_id:
        return assignment.department.region.path, True  # the sectors it supervises below
    return assignment.enterprise.region.path, False


def _may_manage(by: User | None, assignment: RoleAssignment) -> bool:
    """Whether the granter's own user-management reach covers all that ``assignment`` reaches."""
    access = access_for(by)
    if access.unrestricted:
        return True
    path, recursive = _reach(assignment)
    for own in access.assignments:
        if own.anchor_kind != AnchorKind.REGION or not role_allows(own.role, "user.change"):
            continue
        if own.include_descendants and path.startswith(own.region.path):
            return True
        if not recursive and path == own.region.path:
            return True
    return False


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
    """Give ``user`` a role on one anchor that lies wholly inside the granter's own reach."""
    require(by, "change", user)
    if by is not None and by.pk == user.pk and not by.is_superuser:
        raise PermissionDenied("不能给自己授予角色，请由上级管理员办理。")
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
    if not _may_manage(by, assignment):
        raise PermissionDenied(
            "该授权的范围超出了您的管辖范围（含下级区划的授权需要您也管辖全部下级）。"
        )
    assignment.save()
    access_for(user).forget()
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
    """Take a role away (only one inside the revoker's reach); the audit event keeps what it was."""
    require(by, "change", assignment.user)
    if not _may_manage(by, assignment):
        raise PermissionDenied("该授权的范围超出了您的管辖范围，不能撤销。")
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
    access_for(user).forget()
