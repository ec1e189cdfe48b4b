"""The route harness: every page and endpoint, tried for every role inside and outside scope.

Each app declares what its routes do in ``anjian/<app>/tests/routes.py`` (``ROUTES`` and a
``scenario(world)`` builder); its ``test_routes.py`` runs them, and
``anjian/core/tests/test_routes_declared.py`` fails for any route nobody declared. Test
code only (it imports pytest): see docs/testing.md.
"""

from anjian.core.testing.expectations import SIGNED_IN, Action, Api, Page, Public, xfail
from anjian.core.testing.routes import Route, project_routes
from anjian.core.testing.runner import Case, check_route, declared, expected, route_cases
from anjian.core.testing.scenario import ANONYMOUS, ROLES, Kind, Scenario, scenario_fixture

__all__ = [
    "ANONYMOUS",
    "ROLES",
    "SIGNED_IN",
    "Action",
    "Api",
    "Case",
    "Kind",
    "Page",
    "Public",
    "Route",
    "Scenario",
    "check_route",
    "declared",
    "expected",
    "project_routes",
    "route_cases",
    "scenario_fixture",
    "xfail",
]
