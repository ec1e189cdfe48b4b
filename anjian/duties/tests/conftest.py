"""Fixtures of the duties tests: town governments in the `world` and a small notice uploaded.

County A's notice names its units the way real notices do: with and without the county
prefix, by short form, collectively (各乡(镇)人民政府), vaguely (县安委会有关成员单位) and by
a name no department carries (治超办), and one task has lead and supporting units.
"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.core.models import Department, DepartmentKind
from anjian.core.roles import Role
from anjian.core.tests.factories import DepartmentFactory, RoleAssignmentFactory, UserFactory
from anjian.duties.models import Notice
from anjian.duties.services.notices import notice_upload

NOTICE_TEXT = """甲县人民政府关于做好2025年安全生产工作的通知
甲政发〔2025〕1号
各乡(镇)人民政府，县直各单位：
为做好2025年安全生产工作，现将有关事项通知如下。
一、压实安全生产责任
(一)强化组织领导
1.每半年至少召开1次专题会议研究安全生产工作。(责任单位：甲县应急管理局)
2.开展重大事故隐患排查整治，6月底前完成全部整改。(责任单位：应急局、住房和城乡建设局)
3.组织开展安全生产月宣传活动。(责任单位：各乡(镇)人民政府、县安委会有关成员单位)
(二)夯实基础保障
4.推进应急避难场所建设，覆盖率达到100%。(牵头单位：住建局；配合单位：应急管理局)
5.持续开展治理车辆超限超载工作。(责任单位：治超办)
甲县人民政府
2025年2月26日
"""


def notice_file(text: str = NOTICE_TEXT, name: str = "notice.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


@dataclass
class Duties:
    """The world plus what the duties tests need."""

    world: object
    notice: Notice
    town_gov_a1: Department
    town_gov_a2: Department
    town_gov_b1: Department
    other_staff: object  # a regulator of dept_a_other (住建局)

    def obligation(self, number: int):
        return self.notice.obligations.get(number=number)


def add_town_governments(world):
    gov = DepartmentKind.GOVERNMENT
    return (
        DepartmentFactory(region=world.town_a1, name="甲一镇人民政府", kind=gov),
        DepartmentFactory(region=world.town_a2, name="甲二镇人民政府", kind=gov),
        DepartmentFactory(region=world.town_b1, name="乙一镇人民政府", kind=gov),
    )


@pytest.fixture
def duties(world) -> Duties:
    return build_duties(world)


def build_duties(world) -> Duties:
    """Town governments, a second regulator and county A's notice, uploaded by its coordinator."""
    a1, a2, b1 = add_town_governments(world)
    staff = UserFactory(username="staff_other", department=world.dept_a_other)
    RoleAssignmentFactory(user=staff, role=Role.REGULATOR, department=world.dept_a_other)
    notice = notice_upload(by=world.user("coordinator"), region=world.county_a, file=notice_file())
    return Duties(world, notice, a1, a2, b1, staff)


@pytest.fixture
def notice_b(duties) -> Notice:
    """A notice of county B (outside every world user's scope)."""
    return build_notice_b(duties.world)


def build_notice_b(world) -> Notice:
    return notice_upload(
        by=None, region=world.county_b, file=notice_file(NOTICE_TEXT.replace("甲", "乙"))
    )
