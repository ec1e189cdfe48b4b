"""The core API: ``serializers``, ``views``, ``urls`` (every core API route)."""

from anjian.core.imports.api import FirstRendererNegotiation  # noqa: F401  for accidents.api
