"""The objects the routes are tried on: one inside (county A) and one outside (county B) each.

An app's ``routes.py`` has ``scenario(world) -> Scenario``: it extends the shared ``world``
(see the root ``conftest.py``) with the rows its routes need, built through the services
where the app requires it, and names them by kind::

    scene = Scenario(world, OUTSIDE_NAMES)
    scene.add("hazard", inside_hazard, outside_hazard)

The scenario is built once per test module, inside a transaction rolled back at its end
(``scenario_fixture``); every request the runner sends is itself undone (a savepoint), so
each role meets the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from django.db import transaction
from django.db.models import Model
from django.test import Client
from pytest_django import DjangoDbBlocker

from anjian.core.roles import Role

if TYPE_CHECKING:
    from anjian.core.models import User
    from conftest import World

ROLES = [str(role) for role in Role]
ANONYMOUS = "anonymous"

WORLD_OUTSIDE_NAMES = ["乙县", "乙一镇", "乙县应急管理局", "乙一化工有限公司", "insp_b"]
"""The county-B names of the shared world: no answer to a county-A user shows one."""


def by_pk(obj: Model) -> dict[str, Any]:
    return {"pk": obj.pk}


@dataclass(frozen=True)
class Kind:
    """A kind of object a route takes: its inside and outside rows and how a URL names one."""

    inside: Any
    outside: Any = None
    url: Callable[[Any], dict[str, Any]] = by_pk
    """URL arguments naming the object (``{"pk": …}``, ``{"seq": …}``, two for a child row)."""
    key: Callable[[Any], Any] = lambda obj: obj.pk
    """The value an API answer carries for it in ``field``."""
    field: str = "id"


@dataclass
class Scenario:
    """The shared world plus each kind of object an app's routes take."""

    world: World
    outside_names: Iterable[str] = ()
    kinds: dict[str, Kind] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.outside_names = [*WORLD_OUTSIDE_NAMES, *self.outside_names]

    def add(self, name: str, inside: Any, outside: Any = None, **how: Any) -> None:
        """Name a kind: ``add("hazard", inside, outside)``; ``outside=None`` for national rows."""
        if name in self.kinds:
            raise ValueError(f"kind {name!r} is added twice")
        self.kinds[name] = Kind(inside, outside, **how)

    def add_national(self, name: str, obj: Any, lookup: str = "code") -> None:
        """A kind of national reference row (no outside): its URL names it by ``lookup``."""
        if lookup == "pk":
            self.add(name, obj)
        else:
            self.add(
                name,
                obj,
                url=lambda o: {lookup: getattr(o, lookup)},
                key=lambda o: getattr(o, lookup),
                field=lookup,
            )

    def kind(self, name: str) -> Kind:
        try:
            return self.kinds[name]
        except KeyError:
            raise LookupError(f"the scenario has no kind {name!r}; add it") from None

    def user(self, role: str) -> User:
        return self.world.user(role)

    def client(self, who: str) -> Client:
        """A client signed in as the role's user (``ANONYMOUS``: not signed in), kept per module."""
        if who not in self.clients:
            client = Client()
            if who != ANONYMOUS:
                client.force_login(self.user(who))
            self.clients[who] = client
        return self.clients[who]


def scenario_fixture(build: Callable[[World], Scenario]) -> Callable[..., Any]:
    """A module-scoped fixture: the world and ``build(world)``, made once and rolled back after.

    The test functions that use it still take ``db`` (their own savepoint inside it).
    """

    @pytest.fixture(scope="module")
    def scene(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Scenario]:
        from conftest import build_world

        with django_db_blocker.unblock(), transaction.atomic():
            built = build(build_world())
            for who in [*ROLES, ANONYMOUS]:
                built.client(who)
            yield built
            transaction.set_rollback(True)

    return scene
