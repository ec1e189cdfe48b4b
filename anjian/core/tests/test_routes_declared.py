"""Every route of the project is declared in some app's ``tests/routes.py``, and only those.

A new page or endpoint fails here until its app says, in one line, what it does for whom;
then the app's ``test_routes.py`` tries it for every role inside and outside scope.
"""

from __future__ import annotations

import importlib
from collections import defaultdict

from django.apps import apps

from anjian.core.roles import all_permissions
from anjian.core.testing import (
    ANONYMOUS,
    Action,
    Api,
    Page,
    Public,
    declared,
    expected,
    project_routes,
)
from anjian.core.testing.expectations import XFail


def routes_modules() -> dict[str, object]:
    """Each anjian app's ``tests.routes`` module, by app label (None where there is none)."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("anjian."):
            continue
        try:
            found[config.label] = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests", f"{config.name}.tests.routes"):
                raise
            found[config.label] = None
    return found


def declarations() -> dict[str, list[tuple[str, object]]]:
    """Route name → [(app label, expectation), …] over every app."""
    by_name: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for label, module in routes_modules().items():
        if module is None:
            continue
        for name, expectations in declared(module).items():
            for item in expectations:
                by_name[name].append((label, getattr(item, "expectation", item)))
    return by_name


def test_every_route_is_declared():
    routes, names = project_routes(), declarations()
    missing = [
        f"{route.name}  ({route.pattern})" for route in routes.values() if route.name not in names
    ]
    assert not missing, (
        "routes with no declared expectation (add one line each to the app's tests/routes.py, "
        "see docs/testing.md):\n" + "\n".join(missing)
    )


def test_every_declaration_names_a_route():
    routes = project_routes()
    stale = [
        f"{name}  (in {apps_[0][0]})"
        for name, apps_ in declarations().items()
        if name not in routes
    ]
    assert not stale, "declared routes that do not exist:\n" + "\n".join(stale)


def test_no_route_is_declared_by_two_apps():
    twice = {
        name: sorted({label for label, _e in items})
        for name, items in declarations().items()
        if len({label for label, _e in items}) > 1
    }
    assert not twice, f"routes declared by more than one app: {twice}"


def test_every_method_a_route_serves_is_declared_and_no_other():
    routes, wrong = project_routes(), []
    for name, items in declarations().items():
        route = routes.get(name)
        if route is None or route.methods is None:  # a function view: as declared
            continue
        covered = {method for _label, expectation in items for method in expectation.methods()}
        if set(route.methods) - covered:
            wrong.append(f"{name}: {sorted(set(route.methods) - covered)} not declared")
        if covered - set(route.methods):
            wrong.append(f"{name}: declares {sorted(covered - set(route.methods))}, not served")
    assert not wrong, "\n".join(wrong)


def test_pages_are_declared_as_pages_and_endpoints_as_endpoints():
    routes, wrong = project_routes(), []
    for name, items in declarations().items():
        route = routes.get(name)
        for _label, expectation in items:
            if route is not None and expectation.is_api != route.is_api:
                wrong.append(f"{name}: {type(expectation).__name__} (api={expectation.is_api})")
    assert not wrong, "\n".join(wrong)


def test_every_declared_permission_is_in_the_matrix():
    known = set(all_permissions())
    unknown = []
    for name, items in declarations().items():
        for _label, expectation in items:
            names = [expectation.permission, expectation.object_permission]
            names += [getattr(expectation, "add", None), getattr(expectation, "change", None)]
            for permission in filter(None, names):
                if permission.endswith(".export"):
                    permission = permission.rsplit(".", 1)[0] + ".view"
                if permission not in known:
                    unknown.append(f"{name}: {permission}")
    assert not unknown, "permissions no role holds (a typo?):\n" + "\n".join(unknown)


def test_xfail_declarations_say_why():
    for label, module in routes_modules().items():
        for name, items in declared(module).items() if module else ():
            for item in items:
                if isinstance(item, XFail):
                    assert item.reason.strip(), f"{label}: {name} is xfail without a reason"


# ---- the rules themselves ------------------------------------------------------------------


def test_a_role_without_the_right_gets_403_everywhere_and_anonymous_goes_to_login():
    page = Page("auditevent.view", obj="event")
    assert expected(page, "enterprise_employee", "inside", "get") == 403
    assert expected(page, "enterprise_employee", "outside", "get") == 403
    assert expected(page, ANONYMOUS, "inside", "get") == 302
    assert expected(Api("auditevent.view"), ANONYMOUS, None, "get") == 401


def test_with_the_right_inside_is_200_outside_404_and_a_write_must_not_fail_badly():
    step = Action("hazard.verify", obj="hazard")
    assert expected(step, "regulator", "inside", "get") == 200
    assert expected(step, "regulator", "outside", "get") == 404
    assert expected(step, "regulator", "outside", "post") == 404
    assert 500 not in expected(step, "regulator", "inside", "post")
    assert {403, 404} & set(expected(step, "regulator", "inside", "post")) == set()


def test_an_object_right_and_a_declared_exception_change_only_the_inside_answer():
    contact = Action(
        "publicreport.view", obj="report", object_permission="publicreport.contact", ok=200
    )
    assert expected(contact, "leader", "inside", "post") == 403
    assert expected(contact, "leader", "outside", "post") == 404
    assert expected(contact, "coordinator", "inside", "post") == 200
    api = Api("hazard.view", obj="hazard", differs={"leader": 403}, why="the object decides")
    assert expected(api, "leader", "inside", "get") == 403
    assert expected(api, "leader", "outside", "get") == 404


def test_public_routes_answer_everyone_alike_unless_declared():
    login = Public(get=200, post=200, signed_in=302)
    assert expected(login, ANONYMOUS, None, "get") == 200
    assert expected(login, "coordinator", None, "get") == 302
    assert expected(Public(api=True, get=None, post=400), "leader", None, "post") == 400
