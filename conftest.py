"""Shared fixtures: two counties side by side, one user per role in county A.

``world`` gives every test the same small jurisdiction picture: county A with two towns,
county B next to it, departments and enterprises in each, and a user per role whose
scope is inside county A. "Inside" and "outside" in the scope tests mean A and B.
"""

from dataclasses import dataclass, field

import pytest
from django.db import connection

from anjian.core.models import Department, Enterprise, Region, RegionLevel, User
from anjian.core.roles import Role
from anjian.core.tests.audit_triggers import patch_flush_to_lift_audit_triggers
from anjian.core.tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    RegionFactory,
    RoleAssignmentFactory,
    SectorFactory,
    UserFactory,
)


@dataclass
class World:
    """The fixture jurisdiction: county A (inside) and county B (outside)."""

    province: Region
    county_a: Region
    town_a1: Region
    town_a2: Region
    county_b: Region
    town_b1: Region
    dept_a: Department  # 应急管理局 of county A, supervises sector "chem"
    dept_a_other: Department  # another department of county A
    dept_b: Department
    enterprise_a: Enterprise  # in town A1, supervised by dept_a
    enterprise_a2: Enterprise  # in town A2, supervised by dept_a_other
    enterprise_b: Enterprise  # in county B
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]


def build_world() -> World:
    province = RegionFactory(code="990000", name="测试省", level=RegionLevel.PROVINCE)
    county_a = RegionFactory(code="990101", name="甲县", parent=province)
    town_a1 = RegionFactory(
        code="990101100", name="甲一镇", level=RegionLevel.TOWN, parent=county_a
    )
    town_a2 = RegionFactory(
        code="990101101", name="甲二镇", level=RegionLevel.TOWN, parent=county_a
    )
    county_b = RegionFactory(code="990102", name="乙县", parent=province)
    town_b1 = RegionFactory(
        code="990102100", name="乙一镇", level=RegionLevel.TOWN, parent=county_b
    )
    chem = SectorFactory(code="chem", name="危险化学品", is_high_risk=True)
    trade = SectorFactory(code="trade", name="商贸")
    dept_a = DepartmentFactory(region=county_a, name="甲县应急管理局")
    dept_a.sectors.set([chem])
    dept_a_other = DepartmentFactory(region=county_a, name="甲县住建局")
    dept_b = DepartmentFactory(region=county_b, name="乙县应急管理局")
    dept_b.sectors.set([chem])
    insp_a = UserFactory(username="insp_a", department=dept_a, region=county_a)
    insp_a_other = UserFactory(username="insp_a_other", department=dept_a_other, region=county_a)
    insp_b = UserFactory(username="insp_b", department=dept_b, region=county_b)
    enterprise_a = EnterpriseFactory(
        name="甲一化工有限公司",
        region=town_a1,
        sector=chem,
        supervising_department=dept_a,
        responsible_inspector=insp_a,
    )
    enterprise_a2 = EnterpriseFactory(
        name="甲二商贸有限公司",
        region=town_a2,
        sector=trade,
        supervising_department=dept_a_other,
        responsible_inspector=insp_a_other,
    )
    enterprise_b = EnterpriseFactory(
        name="乙一化工有限公司",
        region=town_b1,
        sector=chem,
        supervising_department=dept_b,
        responsible_inspector=insp_b,
    )
    world = World(
        province,
        county_a,
        town_a1,
        town_a2,
        county_b,
        town_b1,
        dept_a,
        dept_a_other,
        dept_b,
        enterprise_a,
        enterprise_a2,
        enterprise_b,
    )
    anchors = {
        Role.SYSTEM_ADMIN: {"region": county_a},
        Role.COORDINATOR: {"region": county_a},
        Role.LEADER: {"region": county_a},
        Role.REGULATOR: {"department": dept_a},
        Role.INSPECTOR: {"department": dept_a},
        Role.ENTERPRISE_MANAGER: {"enterprise": enterprise_a},
        Role.ENTERPRISE_EMPLOYEE: {"enterprise": enterprise_a},
    }
    for role, anchor in anchors.items():
        home = {"region": county_a}
        if "department" in anchor:
            home = {"department": anchor["department"], "region": county_a}
        if "enterprise" in anchor:
            home = {"enterprise": anchor["enterprise"], "region": town_a1}
        user = UserFactory(username=str(role), **home)
        RoleAssignmentFactory(user=user, role=role, **anchor)
        world.users[str(role)] = user
    return world


# Transactional tests (live server, threads) flush tables between tests; the audit table's
# append-only triggers would refuse that, so for the test session flush lifts them.
@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_audit_triggers():
    ops_class = type(connection.ops)
    original = patch_flush_to_lift_audit_triggers(ops_class)
    yield
    ops_class.sql_flush = original


@pytest.fixture
def world(db) -> World:
    return build_world()


ROLES = [str(r) for r in Role]
