"""一厂出事故、万厂受教育: every same-sector enterprise answers; the rates are tracked."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.accidents.models import IndustryWarning, WarningAcknowledgement
from anjian.accidents.services import warnings as services
from anjian.accidents.tests.conftest import report
from anjian.core.errors import OutOfScope, TransitionNotAllowed
from anjian.core.statistics import rate
from anjian.core.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.usefixtures("rules")


def second_chemical_enterprise(world):
    return EnterpriseFactory(
        name="甲二化工有限公司",
        region=world.town_a2,
        sector=world.enterprise_a.sector,
        supervising_department=world.dept_a,
        responsible_inspector=world.enterprise_a.responsible_inspector,
    )


def issue(world, by=None, region=None) -> IndustryWarning:
    accident = report(region=world.town_a1, enterprise=world.enterprise_a, deaths=1)
    return services.warning_issue(
        by=by,
        accident=accident,
        region=region or world.county_a,
        title="危险化学品行业警示",
        content="各企业立即开展有限空间作业专项自查。",
    )


def rates(warning) -> tuple:
    row = IndustryWarning.objects.filter(pk=warning.pk).with_rates().get()
    return (
        row.recipients,
        row.acknowledged,
        row.inspected,
        rate(row.acknowledged, row.recipients),
    )


def test_warning_goes_to_every_enterprise_of_the_sector_in_the_region_and_no_other(world):
    other = second_chemical_enterprise(world)
    warning = issue(world, by=world.user("coordinator"))
    recipients = set(warning.acknowledgements.values_list("enterprise", flat=True))
    assert recipients == {world.enterprise_a.pk, other.pk}  # not the 商贸 one, not county B


def test_acknowledgement_rate_rises_as_enterprises_answer(world):
    other = second_chemical_enterprise(world)
    warning = issue(world)
    assert rates(warning) == (2, 0, 0, 0.0)
    mine = warning.acknowledgements.get(enterprise=world.enterprise_a)
    services.warning_acknowledge(by=world.user("enterprise_manager"), acknowledgement=mine)
    assert rates(warning) == (2, 1, 0, 50.0)
    services.warning_record_self_inspection(
        by=world.user("enterprise_manager"),
        acknowledgement=mine,
        findings="检查了三处有限空间，补充了警示标识。",
        hazards_found=2,
    )
    services.warning_acknowledge(
        by=None, acknowledgement=warning.acknowledgements.get(enterprise=other)
    )
    assert rates(warning) == (2, 2, 1, 100.0)
    assert WarningAcknowledgement.objects.get(pk=mine.pk).hazards_found == 2


def test_self_inspection_needs_the_acknowledgement_first_and_only_once(world):
    answer = issue(world).acknowledgements.get()
    manager = world.user("enterprise_manager")
    with pytest.raises(TransitionNotAllowed, match="请先确认"):
        services.warning_record_self_inspection(
            by=manager, acknowledgement=answer, findings="检查完成无问题。"
        )
    services.warning_acknowledge(by=manager, acknowledgement=answer)
    with pytest.raises(TransitionNotAllowed):
        services.warning_acknowledge(by=manager, acknowledgement=answer)
    with pytest.raises(ValidationError):
        services.warning_record_self_inspection(by=manager, acknowledgement=answer, findings="")


def test_an_enterprise_cannot_answer_for_another_one(world):
    other = second_chemical_enterprise(world)
    warning = issue(world)
    theirs = warning.acknowledgements.get(enterprise=other)
    with pytest.raises(OutOfScope):
        services.warning_acknowledge(by=world.user("enterprise_manager"), acknowledgement=theirs)
    assert WarningAcknowledgement.objects.get(pk=theirs.pk).acknowledged_at is None


@pytest.mark.parametrize("role", ["coordinator", "regulator", "leader", "inspector"])
def test_government_roles_see_answers_but_cannot_give_them(world, role):
    answer = issue(world).acknowledgements.get()
    with pytest.raises(PermissionDenied):
        services.warning_acknowledge(by=world.user(role), acknowledgement=answer)


@pytest.mark.parametrize(
    "role", ["leader", "inspector", "enterprise_manager", "enterprise_employee"]
)
def test_roles_without_industrywarning_add_cannot_issue(world, role):
    with pytest.raises((PermissionDenied, OutOfScope)):
        issue(world, by=world.user(role))
    assert not IndustryWarning.objects.exists()


def test_warning_to_a_region_outside_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        issue(world, by=world.user("coordinator"), region=world.county_b)
    assert not IndustryWarning.objects.exists()


def test_warning_to_a_region_without_the_sector_is_refused(world):
    with pytest.raises(ValidationError) as error:
        issue(world, region=world.town_a2)
    assert "region" in error.value.message_dict
