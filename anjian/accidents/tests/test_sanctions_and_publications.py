"""Consequences on the enterprise (复工复产 checklist) and the 曝光台 without personal data."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from anjian.accidents.models import EnterpriseSanction, Publication
from anjian.accidents.services import investigations, publications, sanctions
from anjian.accidents.tests.conftest import PRINCIPAL_PHONE, report
from anjian.core.errors import TransitionNotAllowed
from anjian.core.models import Enterprise

pytestmark = pytest.mark.usefixtures("rules")


def accident_of(world, **kwargs):
    return report(region=world.town_a1, enterprise=world.enterprise_a, deaths=1, **kwargs)


# ---- sanctions ----------------------------------------------------------------------------


def test_suspension_blocks_reopening_until_every_checklist_item_is_ticked(world):
    regulator = world.user("regulator")
    accident = accident_of(world)
    sanction = sanctions.sanction_impose(
        by=regulator,
        enterprise=world.enterprise_a,
        accident=accident,
        kind="production_suspended",
        reason="发生死亡事故，责令停产整顿。",
    )
    assert not sanctions.may_operate(world.enterprise_a)
    items = list(sanction.checklist)
    assert len(items) == 6
    for code in items[:-1]:
        sanction = sanctions.sanction_check_item(
            by=regulator, sanction=sanction, item=code, done=True, note="现场核查"
        )
    with pytest.raises(TransitionNotAllowed, match="监管部门现场核查验收合格"):
        sanctions.sanction_lift(by=regulator, sanction=sanction, note="同意复工")
    sanction = sanctions.sanction_check_item(
        by=regulator, sanction=sanction, item=items[-1], done=True
    )
    lifted = sanctions.sanction_lift(by=regulator, sanction=sanction, note="同意复工复产")
    assert lifted.status == "lifted" and sanctions.may_operate(world.enterprise_a)


def test_revoking_the_standardisation_level_sets_the_enterprise_to_none_and_cannot_be_lifted(world):
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(standardisation_level="2")
    enterprise = Enterprise.objects.get(pk=world.enterprise_a.pk)
    sanction = sanctions.sanction_impose(
        by=world.user("coordinator"),
        enterprise=enterprise,
        accident=accident_of(world),
        kind="standardisation_revoked",
        reason="发生生产安全死亡事故。",
    )
    assert sanction.previous_level == "2"
    assert Enterprise.objects.get(pk=enterprise.pk).standardisation_level == "none"
    with pytest.raises(TransitionNotAllowed, match="重新申请定级"):
        sanctions.sanction_lift(by=None, sanction=sanction, note="解除")
    with pytest.raises(ValidationError):
        sanctions.sanction_impose(
            by=None,
            enterprise=Enterprise.objects.get(pk=enterprise.pk),
            kind="standardisation_revoked",
            reason="再次撤销标准化等级",
        )


def test_the_same_active_sanction_twice_and_another_enterprises_accident_are_refused(world):
    accident = accident_of(world)
    sanctions.sanction_impose(
        by=None, enterprise=world.enterprise_a, kind="licence_suspended", reason="暂扣许可证待复核"
    )
    with pytest.raises(TransitionNotAllowed):
        sanctions.sanction_impose(
            by=None,
            enterprise=world.enterprise_a,
            kind="licence_suspended",
            reason="再次暂扣许可证",
        )
    with pytest.raises(ValidationError):
        sanctions.sanction_impose(
            by=None,
            enterprise=world.enterprise_a2,
            accident=accident,
            kind="production_suspended",
            reason="不是该单位的事故",
        )


@pytest.mark.parametrize("role", ["leader", "inspector", "enterprise_manager"])
def test_roles_without_sanction_rights_cannot_impose_or_tick(world, role):
    with pytest.raises(PermissionDenied):
        sanctions.sanction_impose(
            by=world.user(role),
            enterprise=world.enterprise_a,
            kind="production_suspended",
            reason="越权停产整顿",
        )
    sanction = sanctions.sanction_impose(
        by=None, enterprise=world.enterprise_a, kind="production_suspended", reason="停产停业整顿"
    )
    with pytest.raises(PermissionDenied):
        sanctions.sanction_check_item(
            by=world.user(role), sanction=sanction, item=next(iter(sanction.checklist)), done=True
        )
    assert not any(
        e["done"] for e in EnterpriseSanction.objects.get(pk=sanction.pk).checklist.values()
    )


# ---- publication --------------------------------------------------------------------------


def test_draft_has_no_personal_data_and_publishing_refuses_names_phones_and_id_numbers(world):
    accident = accident_of(world, by=world.user("coordinator"))
    investigation = investigations.investigation_open(
        by=None, accident=accident, led_by="甲县人民政府", team="应急局"
    )
    investigations.finding_add(
        by=None,
        investigation=investigation,
        subject_kind="person",
        subject="王建国",
        responsibility="直接责任",
        handling="移送司法机关",
    )
    draft = publications.publication_draft(accident)
    assert world.enterprise_a.name not in draft["summary"] and "王建国" not in draft["summary"]
    lessons = "企业要深刻吸取教训，全面排查有限空间作业风险。"
    for text, problem in [
        ("事故单位负责人张三负有责任，各单位要吸取教训。", "张三"),
        ("当班班长王建国违章指挥，导致事故发生。", "王建国"),
        (f"联系电话{PRINCIPAL_PHONE}，请各单位吸取教训。", "电话号码"),
        ("死者身份证号110101199003074514，请各单位吸取教训。", "身份证号码"),
        (f"{world.enterprise_a.name}发生事故，请各单位吸取教训。", "单位名称"),
    ]:
        with pytest.raises(ValidationError) as error:
            publications.publish(
                by=None, accident=accident, title=draft["title"], summary=text, lessons=lessons
            )
        assert problem in error.value.message_dict["summary"][0]
    assert not Publication.objects.exists()
    published = publications.publish(
        by=world.user("coordinator"),
        accident=accident,
        title=draft["title"],
        summary=f"{world.enterprise_a.name}发生一起中毒和窒息事故。",
        lessons=lessons,
        name_enterprise=True,
    )
    assert published.name_enterprise


def test_public_page_needs_no_login_and_shows_no_personal_data(world):
    coordinator = world.user("coordinator")
    accident = accident_of(world, by=coordinator)
    draft = publications.publication_draft(accident)
    entry = publications.publish(
        by=None,
        accident=accident,
        title=draft["title"],
        summary=draft["summary"],
        lessons="各单位要吸取教训，严格落实安全生产责任。",
    )
    client = Client()
    listing = client.get(reverse("accidents:public_list"))
    detail = client.get(reverse("accidents:public_detail", args=[entry.pk]))
    assert listing.status_code == detail.status_code == 200
    for response in (listing, detail):
        text = response.content.decode()
        assert draft["title"] in text
        for secret in (
            world.enterprise_a.principal_name,
            PRINCIPAL_PHONE,
            world.enterprise_a.name,
            world.enterprise_a.credit_code,
            accident.place,
            accident.narrative,
            coordinator.display_name,
        ):
            assert secret not in text, secret


def test_withdrawn_entries_leave_the_public_page_and_can_be_published_again(world):
    accident = accident_of(world)
    draft = publications.publication_draft(accident)
    entry = publications.publish(
        by=None,
        accident=accident,
        title=draft["title"],
        summary=draft["summary"],
        lessons="吸取教训，举一反三。",
    )
    with pytest.raises(PermissionDenied):
        publications.publication_withdraw(
            by=world.user("regulator"), publication=entry, reason="撤回"
        )
    publications.publication_withdraw(
        by=world.user("coordinator"), publication=entry, reason="案件复核"
    )
    assert Client().get(reverse("accidents:public_detail", args=[entry.pk])).status_code == 404
    again = publications.publish(
        by=None,
        accident=accident,
        title="重新发布",
        summary=draft["summary"],
        lessons="吸取教训，举一反三。",
    )
    assert again.pk == entry.pk and again.withdrawn_at is None
