"""Unit resolution: each rule, lead/support, and the coordinator's mapping learned as an alias."""

import pytest

from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import DepartmentAlias
from anjian.core.tests.factories import DepartmentFactory
from anjian.duties.models import ObligationUnit, Occurrence
from anjian.duties.services.notices import notice_upload, unit_map
from anjian.duties.services.units import Status, UnitResolver, clean, unit_roles
from anjian.duties.tests.conftest import NOTICE_TEXT, add_town_governments, notice_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver(world):
    add_town_governments(world)
    return UnitResolver(world.county_a)


def test_clean_makes_parentheses_ascii_and_drops_spaces_and_trailing_deng():
    assert clean(" 各乡（镇） 人民政府等") == "各乡(镇)人民政府"


@pytest.mark.parametrize("name", ["甲县应急管理局", "应急管理局", "县应急管理局", "应急局"])
def test_a_department_resolves_with_or_without_prefix_and_by_short_form(world, resolver, name):
    result = resolver.resolve(name)
    assert result.status == Status.RESOLVED
    assert result.departments == [world.dept_a]


def test_a_short_form_in_the_registry_matches_the_full_form_in_the_notice(world, resolver):
    assert resolver.resolve("住房和城乡建设局").departments == [world.dept_a_other]


def test_an_alias_resolves(world):
    DepartmentAlias.objects.create(department=world.dept_a_other, name="建设口")
    assert UnitResolver(world.county_a).resolve("建设口").departments == [world.dept_a_other]


@pytest.mark.parametrize("name", ["各乡(镇)人民政府", "各乡（镇）人民政府", "各乡镇", "各镇"])
def test_collective_units_expand_to_every_town_government_of_the_region(world, resolver, name):
    result = resolver.resolve(name)
    assert result.status == Status.COLLECTIVE
    assert {d.name for d in result.departments} == {"甲一镇人民政府", "甲二镇人民政府"}


@pytest.mark.parametrize(
    "name",
    [
        "县安委会有关成员单位",
        "有关部门",
        "负有安全生产监管职责的部门",
        "县直各单位",
        "县直有关单位",
    ],
)
def test_vague_units_are_left_to_assign(resolver, name):
    result = resolver.resolve(name)
    assert result.status == Status.VAGUE
    assert result.departments == []


def test_departments_outside_the_region_never_match(world, resolver):
    assert resolver.resolve("乙县应急管理局").status == Status.UNRESOLVED


def test_an_unknown_name_is_unresolved(resolver):
    assert resolver.resolve("治超办").status == Status.UNRESOLVED


def test_the_regions_own_department_wins_over_a_town_department_of_the_same_name(world):
    DepartmentFactory(region=world.town_a1, name="甲一镇应急管理局")
    assert UnitResolver(world.county_a).resolve("应急管理局").departments == [world.dept_a]


def test_two_equal_candidates_are_ambiguous_and_left_unresolved(world):
    DepartmentFactory(region=world.town_a1, name="甲一镇安监站", short_name="安监站")
    DepartmentFactory(region=world.town_a2, name="甲二镇安监站", short_name="安监站")
    assert UnitResolver(world.county_a).resolve("安监站").status == Status.UNRESOLVED


def test_lead_and_support_are_kept_apart_where_the_notice_says_so():
    text = "推进建设。(牵头单位：住建局；配合单位：应急管理局、自然资源局)"
    roles = unit_roles(text, ["住建局", "应急管理局", "自然资源局"])
    assert roles == {"住建局": "lead", "应急管理局": "support", "自然资源局": "support"}
    tail = unit_roles("开展整治。(住建局牵头，应急局配合)", ["住建局", "应急局"])
    assert tail == {"住建局": "lead", "应急局": "support"}
    plain = unit_roles("开展整治。(责任单位：住建局、应急局)", ["住建局", "应急局"])
    assert set(plain.values()) == {"lead"}


def test_the_uploaded_notice_keeps_units_resolved_pending_and_by_role(duties):
    w = duties.world
    roles = {
        (u.department_id, u.role)
        for u in ObligationUnit.objects.filter(obligation=duties.obligation(4))
    }
    assert roles == {(w.dept_a_other.pk, "lead"), (w.dept_a.pk, "support")}
    three = duties.obligation(3)
    assert set(three.units.values_list("department__name", flat=True)) == {
        "甲一镇人民政府",
        "甲二镇人民政府",
    }
    assert three.pending_units == [{"name": "县安委会有关成员单位", "reason": "vague"}]
    assert duties.obligation(5).pending_units == [{"name": "治超办", "reason": "unresolved"}]


def test_mapping_a_name_learns_an_alias_and_the_next_notice_resolves_it(duties):
    w = duties.world
    coordinator = w.user("coordinator")
    five = duties.obligation(5)
    assert unit_map(by=coordinator, notice=duties.notice, name="治超办", department=w.dept_a) == 1
    five.refresh_from_db()
    assert five.pending_units == []
    assert DepartmentAlias.objects.filter(department=w.dept_a, name="治超办").exists()
    assert Occurrence.objects.filter(obligation=five, department=w.dept_a).count() == 1
    again = notice_upload(
        by=coordinator,
        region=w.county_a,
        file=notice_file(NOTICE_TEXT.replace("2025年", "2026年"), name="2026.txt"),
    )
    later = again.obligations.get(number=5)
    assert later.pending_units == []
    assert list(later.units.values_list("department", flat=True)) == [w.dept_a.pk]


def test_a_vague_name_cannot_become_an_alias(duties):
    w = duties.world
    with pytest.raises(TransitionNotAllowed):
        unit_map(
            by=w.user("coordinator"),
            notice=duties.notice,
            name="县安委会有关成员单位",
            department=w.dept_a,
        )
    assert not DepartmentAlias.objects.filter(name="县安委会有关成员单位").exists()


def test_mapping_to_a_department_outside_the_region_is_refused(duties):
    from django.core.exceptions import ValidationError

    w = duties.world
    with pytest.raises(ValidationError):
        unit_map(by=None, notice=duties.notice, name="治超办", department=w.dept_b)
    assert not DepartmentAlias.objects.filter(name="治超办").exists()


def test_mapping_is_refused_to_roles_without_the_right(duties):
    from anjian.core.errors import PermissionDenied

    w = duties.world
    for role in ("regulator", "leader", "inspector"):
        with pytest.raises(PermissionDenied):
            unit_map(by=w.user(role), notice=duties.notice, name="治超办", department=w.dept_a)
