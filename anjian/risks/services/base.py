"""Shared steps of the risk services: the core workflow steps, and where their events file."""

from __future__ import annotations

from anjian.core.models import Region
from anjian.core.services.workflow import (  # noqa: F401  re-exported for the risk services
    check_version,
    locked,
    require_text,
)


def region_of(enterprise) -> Region:
    """The region an audit event of the enterprise's risk rows is filed under (no query)."""
    return Region(pk=enterprise.region_id)
