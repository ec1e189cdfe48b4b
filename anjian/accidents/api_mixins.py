"""Shared pieces of the accident viewsets (now in core, kept importable here)."""

from anjian.core.api_base import ServiceCreateMixin, ServiceViewSetMixin

__all__ = ["ServiceCreateMixin", "ServiceViewSetMixin"]
