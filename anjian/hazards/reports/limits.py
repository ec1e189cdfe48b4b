"""Rate limits of the public side of 群众举报 (per client address, through Django's cache).

The pages and the public API share them, so a reporter cannot go round the page by calling
the API. Submissions count when accepted; lookups count every try (guessing codes is what
they stop).
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import add_never_cache_headers


def client_address(request) -> str:
    """The caller's address as the web server saw it; IPv6 callers count per /64 network.

    REMOTE_ADDR, not X-Forwarded-For (which anyone can send): behind a reverse proxy, have
    the proxy or the application server set REMOTE_ADDR to the real client address.
    """
    raw = request.META.get("REMOTE_ADDR", "") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits per client address per fixed window of ``window`` seconds."""

    bucket: str
    setting: str
    default: int
    window: int = 3600

    @property
    def limit(self) -> int:
        return getattr(settings, self.setting, self.default)

    def _key(self, request) -> str:
        slot = int(time.time()) // self.window
        return f"anjian:ratelimit:{self.bucket}:{client_address(request)}:{slot}"

    def exceeded(self, request) -> bool:
        return cache.get(self._key(request), 0) >= self.limit

    def hit(self, request) -> None:
        key = self._key(request)
        if cache.add(key, 1, self.window):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window)

    @property
    def message(self) -> str:
        return f"提交过于频繁：同一网络每小时最多{self.limit}次，请稍后再试。"


# Submissions count when accepted; lookups count every try (guessing codes is what they stop).
SUBMIT_LIMIT = RateLimit("publicreport.submit", "ANJIAN_PUBLIC_REPORTS_PER_HOUR", 5)
LOOKUP_LIMIT = RateLimit("publicreport.lookup", "ANJIAN_RECEIPT_LOOKUPS_PER_HOUR", 30)

NOT_FOUND = "没有找到与该回执码对应的举报。请核对回执码后重试。"


def private(response):
    """Receipt codes and statuses must not sit in a shared cache or the browser's history."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response
