"""Roles and the role × action matrix: the one place that says who may do what.

``docs/roles.md`` shows this matrix to people; a test keeps the two identical.
Scope (which rows) is separate: a permission applies only inside the region,
department or enterprise a role is assigned on (see ``core.scope``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role a user holds on a region, a department or an enterprise."""

    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    COORDINATOR = "coordinator", _("安委办协调员")
    REGULATOR = "regulator", _("部门监管人员")
    INSPECTOR = "inspector", _("执法检查员")
    LEADER = "leader", _("领导(只读)")
    ENTERPRISE_MANAGER = "enterprise_manager", _("企业安全管理员")
    ENTERPRISE_EMPLOYEE = "enterprise_employee", _("企业员工")


class AnchorKind(models.TextChoices):
    """What a role assignment is anchored on."""

    REGION = "region", _("行政区划")
    DEPARTMENT = "department", _("部门")
    ENTERPRISE = "enterprise", _("企业")


# Which anchor each role may be assigned on.
ROLE_ANCHORS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: {AnchorKind.REGION},
    Role.COORDINATOR: {AnchorKind.REGION},
    Role.LEADER: {AnchorKind.REGION},
    Role.REGULATOR: {AnchorKind.DEPARTMENT},
    Role.INSPECTOR: {AnchorKind.DEPARTMENT},
    Role.ENTERPRISE_MANAGER: {AnchorKind.ENTERPRISE},
    Role.ENTERPRISE_EMPLOYEE: {AnchorKind.ENTERPRISE},
}

# permission = "<model>.<action>"; the matrix below is rendered in docs/roles.md.
# Only actions that some page, endpoint or service checks are listed: regions are
# reference data (loaded, not edited), and nothing is deleted (users are disabled,
# enterprises keep their history).
CORE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {
            "region.view",
            "department.view",
            "department.add",
            "department.change",
            "enterprise.view",
            "enterprise.add",
            "enterprise.change",
            "enterprise.import",
            "user.view",
            "user.add",
            "user.change",
            "auditevent.view",
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            "region.view",
            "department.view",
            "department.add",
            "department.change",
            "enterprise.view",
            "enterprise.add",
            "enterprise.change",
            "enterprise.import",
            "user.view",
            "auditevent.view",
        }
    ),
    Role.REGULATOR: frozenset(
        {
            "region.view",
            "department.view",
            "enterprise.view",
            "enterprise.add",
            "enterprise.change",
            "enterprise.import",
            "user.view",
        }
    ),
    Role.INSPECTOR: frozenset({"region.view", "department.view", "enterprise.view"}),
    Role.LEADER: frozenset(
        {"region.view", "department.view", "enterprise.view", "user.view", "auditevent.view"}
    ),
    Role.ENTERPRISE_MANAGER: frozenset({"enterprise.view", "enterprise.change"}),
    Role.ENTERPRISE_EMPLOYEE: frozenset({"enterprise.view"}),
}

# The live matrix: core's grants plus what each app registers in its AppConfig.ready().
PERMISSIONS: dict[str, set[str]] = {role: set(perms) for role, perms in CORE_PERMISSIONS.items()}


def register_permissions(grants: dict[str, set[str] | frozenset[str]]) -> None:
    """Add an app's grants ("hazard.view" …) to the matrix (its own table in docs/roles.md)."""
    for role, perms in grants.items():
        PERMISSIONS[Role(role)].update(perms)


def all_permissions() -> list[str]:
    """Every permission some role holds, sorted."""
    return sorted(set().union(*PERMISSIONS.values()))


def role_allows(role: str, permission: str) -> bool:
    """Whether ``role`` carries ``permission`` ("enterprise.change"); export needs view."""
    if permission.endswith(".export"):
        permission = permission.rsplit(".", 1)[0] + ".view"
    return permission in PERMISSIONS.get(role, ())
