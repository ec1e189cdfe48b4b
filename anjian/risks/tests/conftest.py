"""Risk fixtures: the LEC and LS tables loaded through the audited loader."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def risk_scales(db):
    """The LEC and LS factor tables and bands, as ``anjian load-reference`` loads them."""
    call_command("load_reference", "risks.lec", "risks.ls", stdout=StringIO())
