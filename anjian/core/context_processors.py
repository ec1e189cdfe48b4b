"""Template context shared by every page: the navigation the user may see."""

from typing import Any

from django.http import HttpRequest

from anjian.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_menu": menu_for(request.user, request.path) if request.user.is_authenticated else []
    }
