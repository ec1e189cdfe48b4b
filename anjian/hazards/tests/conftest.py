"""Hazard fixtures: the rule parameters, the holiday calendar and a criterion, and a helper
that walks a hazard through its lifecycle with the services."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from anjian.hazards.models import HazardSource
from anjian.hazards.services import hazards as services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def photo(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def hazard_rules(db, settings, tmp_path):
    """Parameters, calendar and the 化工 criteria, as ``anjian load-reference`` loads them."""
    settings.MEDIA_ROOT = tmp_path
    call_command(
        "load_reference",
        "hazards.parameters",
        "core.calendar",
        "risks.criteria_chemical",
        stdout=StringIO(),
    )


def report(world, *, by="manager", enterprise=None, source=HazardSource.SELF_CHECK, **extra):
    """A hazard reported through the service (by the enterprise manager unless ``by`` is given;
    ``by=None`` is the platform itself)."""
    by = world.user("enterprise_manager") if by == "manager" else by
    values = {"place": "储罐区", "description": "防火堤破损"} | extra
    return services.hazard_report(
        by=by, enterprise=enterprise or world.enterprise_a, source=source, **values
    )


def advance(world, hazard, to: str, *, assigner=None):
    """Walk ``hazard`` to status ``to`` (assigned, rectifying, submitted, closed)."""
    manager = world.user("enterprise_manager")
    steps = ["assigned", "rectifying", "submitted", "closed"]
    for step in steps[: steps.index(to) + 1]:
        hazard.refresh_from_db()
        if step == "assigned":
            services.hazard_assign(
                by=assigner or manager,
                hazard=hazard,
                owner_name="张三",
                measures="修补防火堤",
                deadline=timezone.localdate() + dt.timedelta(days=10),
            )
        elif step == "rectifying":
            services.hazard_start(by=manager, hazard=hazard)
        elif step == "submitted":
            services.hazard_submit(
                by=manager, hazard=hazard, rectification_note="已修补", photos=[photo()]
            )
        else:
            services.hazard_close(by=assigner or manager, hazard=hazard)
    hazard.refresh_from_db()
    return hazard
