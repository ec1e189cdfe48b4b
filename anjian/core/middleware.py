"""Request middleware: request ids for the audit chain, and the interface language."""

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from anjian.core.audit import request_id_var
from anjian.core.models import User

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class RequestWithId(HttpRequest):
    """A request once ``RequestIdMiddleware`` has given it its ``id``."""

    id: str


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed X-Request-ID from the proxy)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: RequestWithId) -> HttpResponseBase:
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose another language with the switcher (cookie).

    The browser's Accept-Language is ignored on purpose: the platform's working language is
    Chinese, and an English browser on a county office PC must not get a mixed page.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class IdleExpiryMiddleware:
    """Idle sessions end after SESSION_COOKIE_AGE; activity renews them at most once a minute.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every request (on
    SQLite that takes the database's write lock for every page view). Renewing when the last
    renewal is older than ``ANJIAN_SESSION_TOUCH_SECONDS`` keeps the idle limit to within a
    minute for one write a minute.
    """

    KEY = "_anjian_touched"

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return response  # no signed-in session (anonymous, or a token-authenticated call)
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.ANJIAN_SESSION_TOUCH_SECONDS:
            session[self.KEY] = now  # marks the session modified: saved with a new expiry
        return response


def mark_session_touched(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """Signing in saves the session anyway: record the renewal so the next request need not."""
    session = getattr(request, "session", None)
    if session is not None:
        session[IdleExpiryMiddleware.KEY] = int(time.time())
