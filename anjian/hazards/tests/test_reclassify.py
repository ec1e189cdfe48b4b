"""The department reclassifies an open hazard: who may, what changes, what is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from anjian.core.errors import Conflict, PermissionDenied, TransitionNotAllowed
from anjian.hazards.models import HazardLevel
from anjian.hazards.services import followup
from anjian.hazards.services import hazards as services
from anjian.hazards.tests.conftest import advance, report
from anjian.risks.models import MajorHazardCriterion

pytestmark = pytest.mark.usefixtures("hazard_rules")


def test_a_criterion_makes_a_self_found_hazard_major_and_moves_its_verification(world):
    hazard = advance(world, report(world), "submitted")
    criterion = MajorHazardCriterion.objects.first()
    services.hazard_reclassify(
        by=world.user("regulator"),
        hazard=hazard,
        level=HazardLevel.GENERAL,
        criterion=criterion,
        reason="专家认定符合判定标准",
        version=hazard.version,
    )
    hazard.refresh_from_db()
    assert hazard.level == HazardLevel.MAJOR and hazard.criterion == criterion
    assert "一般隐患 → 重大隐患" in hazard.events.get(kind="level_changed").note
    # Now a major hazard: the enterprise can no longer close it itself.
    with pytest.raises(PermissionDenied):
        services.hazard_close(by=world.user("enterprise_manager"), hazard=hazard)


@pytest.mark.parametrize("role", ["enterprise_manager", "leader", "enterprise_employee"])
def test_only_the_department_side_reclassifies(world, role):
    hazard = report(world)
    with pytest.raises(PermissionDenied):
        services.hazard_reclassify(
            by=world.user(role), hazard=hazard, level=HazardLevel.MAJOR, reason="x"
        )


def test_refusals_name_the_problem(world):
    regulator = world.user("regulator")
    hazard = report(world)
    with pytest.raises(ValidationError) as error:
        services.hazard_reclassify(by=regulator, hazard=hazard, level="general", reason="同")
    assert "level" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.hazard_reclassify(by=regulator, hazard=hazard, level="major", reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(Conflict):
        services.hazard_reclassify(
            by=regulator, hazard=hazard, level="major", reason="x", version=hazard.version + 1
        )
    listed = report(world, level=HazardLevel.MAJOR)
    followup.hazard_list(
        by=world.user("coordinator"),
        hazard=listed,
        authority=world.county_a,
        responsible_leader="李副县长",
        supervising_unit=world.dept_a,
        deadline=timezone.localdate() + dt.timedelta(days=9),
    )
    with pytest.raises(ValidationError, match="挂牌督办"):
        services.hazard_reclassify(by=regulator, hazard=listed, level="general", reason="x")
    closed = advance(world, report(world, place="别处"), "closed")
    with pytest.raises(TransitionNotAllowed):
        services.hazard_reclassify(by=regulator, hazard=closed, level="major", reason="x")


def test_reclassify_page_and_api(client, world):
    hazard = report(world)
    client.force_login(world.user("regulator"))
    detail = client.get(reverse("hazards:hazard_detail", args=[hazard.pk])).content.decode()
    assert reverse("hazards:hazard_reclassify", args=[hazard.pk]) in detail
    response = client.post(
        reverse("hazards:hazard_reclassify", args=[hazard.pk]),
        {"version": hazard.version, "level": "major", "reason": "复核认定"},
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.level == HazardLevel.MAJOR
    api = APIClient()
    api.force_authenticate(world.user("enterprise_manager"))
    refused = api.post(
        f"/api/hazards/{hazard.pk}/reclassify/",
        {"version": hazard.version, "level": "general", "reason": "x"},
        format="json",
    )
    assert refused.status_code == 403
    api.force_authenticate(world.user("regulator"))
    ok = api.post(
        f"/api/hazards/{hazard.pk}/reclassify/",
        {"version": hazard.version, "level": "general", "reason": "复核为一般"},
        format="json",
    )
    assert ok.status_code == 200 and ok.data["level"] == "general"
