"""The navigation shell: modules register entries; users see those their roles allow."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anjian.core.access import access_for


@dataclass(frozen=True)
class NavItem:
    """A menu entry shown when the user holds ``permission`` somewhere."""

    label: str | Promise
    url_name: str
    permission: str


@dataclass
class MenuEntry:
    """An entry of one user's menu: its label, its address and whether the page is under it."""

    label: str | Promise
    url: str
    active: bool = False


MENU: list[NavItem] = [
    NavItem(_("生产经营单位"), "core:enterprise_list", "enterprise.view"),
    NavItem(_("部门"), "core:department_list", "department.view"),
    NavItem(_("行政区划"), "core:region_list", "region.view"),
    NavItem(_("用户"), "core:user_list", "user.view"),
    NavItem(_("审计记录"), "core:audit_list", "auditevent.view"),
]


def register(item: NavItem, *, before: str | None = None) -> None:
    """Add an app's menu entry (apps call this in ``ready``); ``before`` names an url_name."""
    if any(existing.url_name == item.url_name for existing in MENU):
        return
    index = next((i for i, e in enumerate(MENU) if e.url_name == before), len(MENU))
    MENU.insert(index, item)


def menu_for(user: Any, path: str = "") -> list[MenuEntry]:
    """The entries ``user`` may open, the one holding ``path`` marked active.

    When entries nest (/accidents/ and /accidents/statistics/), the longest match wins.
    """
    access = access_for(user)
    entries = [
        MenuEntry(item.label, reverse(item.url_name))
        for item in MENU
        if access.holds(item.permission)
    ]
    matches = [e for e in entries if path.startswith(e.url)]
    if matches:
        max(matches, key=lambda e: len(e.url)).active = True
    return entries
