"""Every duties route answers as ``routes.py`` declares, for every role, inside and outside."""

import pytest

from anjian.core.testing import check_route, route_cases, scenario_fixture
from anjian.duties.tests import routes

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("routes-duties")]

scene = scenario_fixture(routes.scenario)


@pytest.mark.parametrize("case", route_cases(routes))
def test_route_answers_as_declared_for_every_role_inside_and_outside(scene, case):
    check_route(scene, case)
