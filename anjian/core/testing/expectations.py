"""What a route is declared to do: one expectation per route in ``<app>/tests/routes.py``.

Four kinds, after what a person does with the route:

- ``Page(permission, obj=None)``: a signed-in page, GET. Without ``obj`` it is a list (or
  any page that takes no object); with ``obj`` its URL takes an object of that kind.
- ``Action(permission, obj=None)``: a workflow step or a form. Pages: GET shows the form and
  POST runs it; API: POST (or ``method``). A body-less POST is refused cleanly inside scope.
- ``Api(permission, obj=None, lists=None, add=None, change=None)``: an API endpoint read with
  GET; ``add`` is the right a POST on it needs, ``change`` the right of PUT/PATCH.
- ``Public(...)``: a route that needs no login (举报 form, receipt lookup, 曝光台, login).

``permission`` is the right the role must hold somewhere (``SIGNED_IN``: any signed-in
user). The rules the runner applies to them are in ``runner.py`` and docs/testing.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anjian.core.testing.scenario import Scenario

SIGNED_IN = None
"""``permission=SIGNED_IN``: every signed-in user, whatever their roles (reference data)."""

Body = Mapping[str, Any] | Callable[["Scenario", str | None], Mapping[str, Any]] | None
"""A request body: a dict, or ``body(scene, where)`` giving one for "inside"/"outside" (None:
a route that takes no object)."""

Status = int | tuple[int, ...]


@dataclass(frozen=True)
class Expectation:
    """What every kind shares: the right it needs, the object it takes, declared exceptions."""

    permission: str | None
    obj: str | None = None
    object_permission: str | None = None
    """A right the role needs on the object itself once it sees it (else 403 inside)."""
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    """Fixed URL arguments besides the object's (``{"step": "finding"}``)."""
    differs: Mapping[str, Status] = field(default_factory=dict)
    """Role → status on the inside object where the object itself decides; needs ``why``."""
    why: str = ""
    shows: str = ""
    """A text every role that may open it sees on it (GET, inside)."""
    lists: str | None = None
    """A kind whose inside row the list shows and whose outside row it never shows (GET):
    by id in an API answer, in ``object_list`` on a page."""
    label: str = ""
    """Names a variant when one route is declared more than once (a tuple of expectations)."""

    def __post_init__(self) -> None:
        if self.differs and not self.why:
            raise ValueError("an expectation with differs= must say why=")

    @property
    def is_api(self) -> bool:
        return False

    def methods(self) -> tuple[str, ...]:
        """The HTTP methods this expectation covers (the runner checks each)."""
        return ("get",)

    def permission_of(self, method: str) -> str | None:
        return self.permission


@dataclass(frozen=True)
class Page(Expectation):
    """A signed-in page read with GET."""


@dataclass(frozen=True)
class Action(Expectation):
    """A step or a form: GET shows it (pages), ``method`` runs it.

    Without ``body`` the runner sends none: a permitted role inside scope must get a clean
    refusal or success (200, 201, 204, 302, 400 or 409), never 403, 404 or 500. With ``body``
    and ``ok`` the step must answer ``ok`` inside and append an audit event.
    """

    method: str = "post"
    body: Body = None
    ok: int | None = None
    api: bool = False
    get: bool = True
    """Pages: whether GET shows the step (False for POST-only routes)."""

    @property
    def is_api(self) -> bool:
        return self.api

    def methods(self) -> tuple[str, ...]:
        if self.api or not self.get:
            return (self.method,)
        return ("get", self.method)


@dataclass(frozen=True)
class Api(Expectation):
    """An API endpoint: GET needs ``permission``; POST ``add``; PUT and PATCH ``change``."""

    add: str | None = None
    change: str | None = None
    get: bool = True

    @property
    def is_api(self) -> bool:
        return True

    def methods(self) -> tuple[str, ...]:
        methods: tuple[str, ...] = ("get",) if self.get else ()
        if self.add:
            methods += ("post",)
        if self.change:
            methods += ("put", "patch")
        return methods

    def permission_of(self, method: str) -> str | None:
        if method == "post":
            return self.add
        if method in ("put", "patch"):
            return self.change
        return self.permission


@dataclass(frozen=True)
class Public(Expectation):
    """A route that needs no login: every caller, anonymous or not, gets these statuses."""

    permission: str | None = SIGNED_IN
    get: Status | None = 200
    post: Status | None = None
    signed_in: Status | None = None
    """What a signed-in caller gets instead (the login page sends them on: 302)."""
    body: Body = None
    api: bool = False
    callers: tuple[str, ...] | None = None
    """Who tries it, when every caller gets the same and a try is costly; default: all."""

    @property
    def is_api(self) -> bool:
        return self.api

    def methods(self) -> tuple[str, ...]:
        return tuple(m for m in ("get", "post") if getattr(self, m) is not None)


@dataclass(frozen=True)
class XFail:
    """A declared route that is known to break a rule: fails the suite once it is fixed."""

    expectation: Expectation
    reason: str


def xfail(expectation: Expectation, reason: str) -> XFail:
    """Mark a declaration ``xfail(strict=True)``: a real bug, reported, too big to fix here."""
    return XFail(expectation, reason)
