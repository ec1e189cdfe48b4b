"""Try one declared route for every role and anonymous, inside and outside scope.

The rules (docs/testing.md says them for people):

- a role without the right anywhere gets 403, on every object and every method;
- with it: a page or endpoint without an object answers 200; on the inside object 200
  (GET) and on the outside object 404; a write inside gets a clean answer (200, 201, 204,
  302, 400 or 409: never 403, 404 or 500), or exactly ``ok`` when a body is declared;
- anonymous: pages send to the login page, the API answers 401;
- no answer to any role shows a county-B name; a list endpoint declared with ``lists=``
  shows its inside row and never its outside row; an API detail answers the object asked;
- a refused write appends no audit event; a declared successful one appends one.

Every request runs in a savepoint that is rolled back, so each try meets the same rows.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from anjian.core.roles import role_allows
from anjian.core.testing.expectations import (
    Action,
    Api,
    Body,
    Expectation,
    Public,
    Status,
    XFail,
)
from anjian.core.testing.routes import Route, project_routes
from anjian.core.testing.scenario import ANONYMOUS, ROLES, Kind, Scenario

if TYPE_CHECKING:
    # What the test client answers: a response with ``context`` and ``content`` (stubs only).
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

CLEAN = (200, 201, 204, 302, 400, 409)
"""What a permitted role's body-less write inside scope may answer: refused cleanly or done."""
ANONYMOUS_API = 401
LOGIN = "login"
JSON = "application/json"
TEXT_TYPES = ("text/", "application/json", "application/vnd.oai.openapi")


@dataclass(frozen=True)
class Case:
    """One declared route with one of its expectations: one test."""

    route: Route
    expectation: Expectation

    def __str__(self) -> str:
        label = self.expectation.label
        return f"{self.route.name}[{label}]" if label else self.route.name


def declared(routes_module: ModuleType) -> dict[str, tuple[Expectation | XFail, ...]]:
    """An app's ``ROUTES``, each value made a tuple of expectations."""
    return {
        name: value if isinstance(value, tuple) else (value,)
        for name, value in routes_module.ROUTES.items()
    }


def route_cases(routes_module: ModuleType) -> list[Any]:
    """The pytest params of an app's declared routes (an ``xfail`` one strict)."""
    routes = project_routes()
    params: list[Any] = []
    for name, expectations in declared(routes_module).items():
        route = routes.get(name) or Route(name, "(no such route)", None)
        for item in expectations:
            if isinstance(item, XFail):
                case = Case(route, item.expectation)
                marks = pytest.mark.xfail(strict=True, reason=item.reason)
                params.append(pytest.param(case, marks=marks, id=str(case)))
            else:
                case = Case(route, item)
                params.append(pytest.param(case, id=str(case)))
    return params


# ---- what each caller should get --------------------------------------------------------------


def _gate(expectation: Expectation, role: str, method: str) -> bool:
    permission = expectation.permission_of(method)
    return permission is None or role_allows(role, permission)


def expected(expectation: Expectation, who: str, where: str | None, method: str) -> Status | None:
    """The status (or statuses) ``who`` should get on ``where`` with ``method``; None for a
    method a ``Public`` route does not declare (the runner never sends one)."""
    if isinstance(expectation, Public):
        if who != ANONYMOUS and expectation.signed_in is not None:
            return expectation.signed_in
        declared_status: Status | None = getattr(expectation, method)
        return declared_status
    if who == ANONYMOUS:
        return ANONYMOUS_API if expectation.is_api else 302
    if not _gate(expectation, who, method):
        return 403
    if where == "outside":
        return 404
    if expectation.obj is not None and who in expectation.differs:
        return expectation.differs[who]
    if expectation.object_permission and not role_allows(who, expectation.object_permission):
        return 403
    if method == "get":
        return 200
    if isinstance(expectation, Action) and expectation.ok is not None:
        return expectation.ok
    return CLEAN


def _matches(status: int, want: Status | None) -> bool:
    return status in want if isinstance(want, tuple) else status == want


# ---- sending -----------------------------------------------------------------------------------


def _url(route: Route, expectation: Expectation, scene: Scenario, where: str | None) -> str:
    kwargs = dict(expectation.kwargs)
    if expectation.obj is not None:
        kind = scene.kind(expectation.obj)
        kwargs.update(kind.url(kind.outside if where == "outside" else kind.inside))
    return reverse(route.name, kwargs=kwargs or None)


def _body(expectation: Expectation, scene: Scenario, where: str | None) -> Mapping[str, Any] | None:
    body: Body = getattr(expectation, "body", None)
    return body(scene, where) if callable(body) else body


def _send(
    client: Client, method: str, url: str, body: Mapping[str, Any] | None, is_api: bool
) -> TestResponse:
    if method == "get":
        return client.get(url, {"page_size": 500} if is_api else None)
    if body is None:  # nothing at all: no parser is asked, so uploads and JSON alike answer
        return client.generic(method.upper(), url)
    if is_api:
        data = json.dumps(body)
        return client.generic(method.upper(), url, data, content_type="application/json")
    return client.post(url, body)


def _text(response: TestResponse) -> str:
    kind = response.get("Content-Type", "")
    if not kind.startswith(TEXT_TYPES) or getattr(response, "streaming", False):
        return ""
    return response.content.decode(errors="replace")


def _rows(data: Any) -> list[Any]:
    if isinstance(data, dict):
        data = data.get("results", [])
    return data if isinstance(data, list) else []


def _listed(response: TestResponse, data: Any, kind: Kind) -> set[Any]:
    """The keys of the rows a list answer holds: API rows by field, a page's object_list."""
    if data is not None:
        return {row.get(kind.field) for row in _rows(data) if isinstance(row, dict)}
    context = response.context or {}
    rows = context.get("object_list") if "object_list" in context else None
    return {kind.key(row) for row in rows} if rows is not None else set()


def _audit_count() -> int:
    from anjian.core.models import AuditEvent

    return AuditEvent.objects.count()


# ---- checking one answer -----------------------------------------------------------------------


def _content_findings(
    scene: Scenario,
    expectation: Expectation,
    who: str,
    where: str | None,
    method: str,
    response: TestResponse,
    text: str,
) -> list[str]:
    findings: list[str] = []
    if who == ANONYMOUS or isinstance(expectation, Public):
        return findings
    leaked = [name for name in scene.outside_names if name in text]
    if leaked:
        findings.append(f"shows county B: {leaked}")
    is_json = response.get("Content-Type", "").startswith(JSON)
    data: Any = json.loads(text) if is_json and text else None  # any JSON value
    if response.status_code in (403, 404):
        findings += _refusal_findings(scene, expectation, where, text, data)
    if response.status_code != 200 or method != "get" or where == "outside":
        return findings
    if expectation.shows and expectation.shows not in text:
        findings.append(f"does not show {expectation.shows!r}")
    one_page = isinstance(data, dict) and "results" in data and data.get("next") is None
    if one_page and data.get("count") != len(data["results"]):
        findings.append(f"counts {data.get('count')} rows but lists {len(data['results'])}")
    if expectation.lists:
        kind = scene.kind(expectation.lists)
        keys = _listed(response, data, kind)
        if kind.key(kind.inside) not in keys:
            findings.append(f"list lacks the inside {expectation.lists}")
        if kind.outside is not None and kind.key(kind.outside) in keys:
            findings.append(f"list shows the outside {expectation.lists}")
    elif isinstance(expectation, Api) and expectation.obj and isinstance(data, dict):
        kind = scene.kind(expectation.obj)
        if data.get(kind.field) != kind.key(kind.inside):
            findings.append(f"answers {kind.field}={data.get(kind.field)}, not the inside object")
    return findings


def _refusal_findings(
    scene: Scenario, expectation: Expectation, where: str | None, text: str, data: Any
) -> list[str]:
    """A 403 or 404 shows nothing of the object asked for: not its name, not its data."""
    if expectation.obj is None:
        return []
    kind = scene.kind(expectation.obj)
    obj = kind.outside if where == "outside" else kind.inside
    if isinstance(data, dict) and (kind.field in data or "results" in data):
        return [f"refuses yet answers the object's data: {sorted(data)[:6]}"]
    name = str(obj)
    if len(name) >= 3 and not name.isdigit() and name in text:
        return [f"refuses yet shows the object: {name!r}"]
    return []


def _try(scene: Scenario, case: Case, who: str, where: str | None, method: str) -> str | None:
    route, expectation = case.route, case.expectation
    url = _url(route, expectation, scene, where)
    want = expected(expectation, who, where, method)
    body = _body(expectation, scene, where) if method != "get" else None
    is_api = route.is_api
    client = scene.client(who)
    cookies = SimpleCookie()
    cookies.update(client.cookies)  # a logout or a language switch must not last
    sid = transaction.savepoint()
    try:
        before = _audit_count() if method != "get" else 0
        try:
            response = _send(client, method, url, body, is_api)
        except Exception as error:  # a 500: name it with where it was raised
            frame = traceback.extract_tb(error.__traceback__)[-1]
            return (
                f"{_caller(who, where)} {method.upper()} {url}: want {want}, raised "
                f"{type(error).__name__}: {error} ({frame.filename}:{frame.lineno})"
            )
        audited = _audit_count() - before if method != "get" else 0
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = cookies
    status = response.status_code
    text = _text(response)
    findings: list[str] = []
    if not _matches(status, want):
        findings.append(f"want {want}, got {status} {text[:160]!r}")
    elif (
        want == 302
        and who == ANONYMOUS
        and not isinstance(expectation, Public)
        and not response["Location"].startswith(reverse(LOGIN) + "?next=")
    ):
        findings.append(f"redirects to {response['Location']}, not the login page")
    findings += _content_findings(scene, expectation, who, where, method, response, text)
    if method != "get" and who != ANONYMOUS:
        if status >= 400 and audited:
            findings.append(f"refused ({status}) yet appended {audited} audit event(s)")
        declared_success = isinstance(expectation, Action) and status == expectation.ok
        if declared_success and not audited:
            findings.append("succeeded without an audit event")
    if not findings:
        return None
    return f"{_caller(who, where)} {method.upper()} {url}: " + "; ".join(findings)


def _caller(who: str, where: str | None) -> str:
    return f"{who} {where}" if where else who


def _wheres(scene: Scenario, expectation: Expectation) -> tuple[str | None, ...]:
    if expectation.obj is None:
        return (None,)
    if scene.kind(expectation.obj).outside is None:
        return ("inside",)
    return ("inside", "outside")


def _tries(scene: Scenario, case: Case) -> Iterator[tuple[str, str | None, str]]:
    expectation = case.expectation
    wheres = _wheres(scene, expectation)
    callers: Sequence[str] = getattr(expectation, "callers", None) or [*ROLES, ANONYMOUS]
    for method in expectation.methods():
        for who in callers:
            for where in wheres if who != ANONYMOUS else wheres[:1]:
                yield who, where, method


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def check_route(scene: Scenario, case: Case) -> None:
    """Send every try of ``case`` and fail with every answer that breaks a rule."""
    if case.route.methods is None and case.route.pattern == "(no such route)":
        pytest.fail(f"{case.route.name} is declared but no such route exists")
    cache.clear()  # rate limits of the public pages count per address
    with _quiet("django.request", "django.security"):  # every refusal is expected here
        findings = [f for f in (_try(scene, case, *t) for t in _tries(scene, case)) if f]
    assert not findings, f"{case}: {len(findings)} answer(s) break the rules:\n" + "\n".join(
        findings
    )
