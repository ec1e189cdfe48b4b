"""Template context shared by every page: the navigation the user may see."""

from anjian.core.navigation import menu_for


def navigation(request):
    return {
        "nav_menu": menu_for(request.user, request.path) if request.user.is_authenticated else []
    }
