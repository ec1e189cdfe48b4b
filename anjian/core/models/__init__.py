"""Core tables: regions, sectors, departments, enterprises, users and roles, the audit chain."""

from anjian.core.models.audit import AppendOnlyError, AuditEvent, AuditHead
from anjian.core.models.enterprises import (
    Enterprise,
    EnterpriseScale,
    StandardisationLevel,
    SupervisionClass,
)
from anjian.core.models.imports import ImportJob, ImportJobStatus
from anjian.core.models.jobs import JobRun
from anjian.core.models.organisations import Department, DepartmentAlias, DepartmentKind
from anjian.core.models.reference import (
    AccidentCategory,
    CalendarDay,
    CalendarDayKind,
    ReferenceDataset,
    Sector,
)
from anjian.core.models.regions import Region, RegionLevel
from anjian.core.models.users import RoleAssignment, User

__all__ = [
    "AccidentCategory",
    "AppendOnlyError",
    "AuditEvent",
    "AuditHead",
    "CalendarDay",
    "CalendarDayKind",
    "Department",
    "DepartmentAlias",
    "DepartmentKind",
    "Enterprise",
    "EnterpriseScale",
    "ImportJob",
    "ImportJobStatus",
    "JobRun",
    "ReferenceDataset",
    "Region",
    "RegionLevel",
    "RoleAssignment",
    "Sector",
    "StandardisationLevel",
    "SupervisionClass",
    "User",
]
