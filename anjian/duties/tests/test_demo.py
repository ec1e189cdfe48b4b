"""The demo extension imports the 天镇县 notice once, resolving most units to demo departments."""

import pytest

from anjian.core.demo import COUNTY_CODE, DEPARTMENTS, TOWNS
from anjian.core.models import DepartmentAlias, DepartmentKind, RegionLevel
from anjian.core.tests.factories import DepartmentFactory, RegionFactory
from anjian.duties.demo import demo_notice
from anjian.duties.models import Notice, Occurrence, OccurrenceStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county():
    county = RegionFactory(code=COUNTY_CODE, name="天镇县")
    for name, kind, _sectors, aliases in DEPARTMENTS:
        department = DepartmentFactory(
            region=county, name=f"天镇县{name}", short_name=name, kind=kind, is_demo=True
        )
        for alias in {name, *aliases}:
            DepartmentAlias.objects.create(department=department, name=alias)
    for suffix, name in TOWNS:
        town = RegionFactory(
            code=f"{COUNTY_CODE}{suffix}", name=name, level=RegionLevel.TOWN, parent=county
        )
        DepartmentFactory(
            region=town, name=f"{name}人民政府", kind=DepartmentKind.GOVERNMENT, is_demo=True
        )
    return county


def test_demo_imports_the_notice_once_with_progress(demo_county):
    summary = demo_notice()
    assert "59项任务" in summary and "责任单位解析 157/190" in summary
    notice = Notice.objects.get(region=demo_county)
    assert Occurrence.objects.filter(
        obligation__notice=notice, status=OccurrenceStatus.ACCEPTED
    ).exists()
    counts = (Notice.objects.count(), Occurrence.objects.count())
    assert "已导入" in demo_notice()
    assert (Notice.objects.count(), Occurrence.objects.count()) == counts


def test_demo_without_the_demo_county_does_nothing(db):
    assert "跳过" in demo_notice()
