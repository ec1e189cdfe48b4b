"""The shared fixture world is what the scope tests assume it is."""

from anjian.core.models import Enterprise


def test_coordinator_of_county_a_sees_its_enterprises_and_not_county_b(world):
    visible = set(Enterprise.objects.visible_to(world.user("coordinator")))
    assert visible == {world.enterprise_a, world.enterprise_a2}


def test_regulator_sees_what_its_department_supervises_only(world):
    visible = set(Enterprise.objects.visible_to(world.user("regulator")))
    assert visible == {world.enterprise_a}
