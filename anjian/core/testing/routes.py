"""Every route of the project, read from Django's URL resolver.

A route is named the way ``reverse`` names it: ``hazards:hazard_detail`` for a page,
``hazard-detail`` (DRF basename and action) for the API. The routes a DRF router adds
with a format suffix (``regions.json``) are the same endpoint and are folded into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

PAGE_METHODS = ("get", "post")
API_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    """One named route: its name, the pattern it is served at, the methods it answers."""

    name: str
    pattern: str
    methods: tuple[str, ...] | None
    """None for a function view, whose methods the resolver cannot tell."""

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    def __str__(self) -> str:
        return f"{self.name} ({self.pattern})"


def _methods(callback: Any) -> tuple[str, ...] | None:
    """``callback``: a view function, carrying Django's ``view_class`` or DRF's ``cls`` and
    ``actions`` when a class made it."""
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset route: the methods its router bound that the viewset allows
        allowed = callback.cls.http_method_names
        return tuple(m for m in API_METHODS if m in actions and m in allowed)
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return None
    from rest_framework.views import APIView

    served = API_METHODS if issubclass(view_class, APIView) else PAGE_METHODS
    allowed = view_class.http_method_names
    return tuple(m for m in served if hasattr(view_class, m) and m in allowed)


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = entry.name or pattern
            if namespace and entry.name:
                name = f"{namespace}:{entry.name}"
            yield Route(name, pattern, _methods(entry.callback))


def project_routes() -> dict[str, Route]:
    """Every route by name, format-suffix twins folded, in the resolver's order."""
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver(), "", ""):
        if "(?P<format>" in route.pattern or "<drf_format_suffix:" in route.pattern:
            continue
        routes.setdefault(route.name, route)
    return routes
