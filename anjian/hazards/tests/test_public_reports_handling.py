"""群众举报, the handlers' side: accept, verify (→ hazards), dismiss, reward, contact, per role."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from anjian.core.errors import Conflict, OutOfScope, TransitionNotAllowed
from anjian.core.models import AuditEvent
from anjian.core.tests.scenarios import can
from anjian.hazards.models import (
    Hazard,
    HazardSource,
    HazardStatus,
    PublicReport,
    PublicReportStatus,
    RewardStatus,
)
from anjian.hazards.reports import services as reports
from anjian.hazards.tests.test_public_reports_support import (
    CONTACT_NAME,
    CONTACT_PHONE,
    api_client,
    build_scene,
    hazard_rows,
)
from conftest import ROLES


@pytest.fixture
def scene(world):
    return build_scene(world)


def finding(world, **overrides) -> reports.HazardFinding:
    values = {
        "enterprise": world.enterprise_a,
        "place": "东侧仓库",
        "description": "消防通道被货物堵塞",
        **overrides,
    }
    return reports.HazardFinding(**values)


def accepted(scene) -> PublicReport:
    return reports.report_accept(by=scene.user("coordinator"), report=scene.a)


def verified(scene) -> PublicReport:
    accepted(scene)
    return reports.report_verify(
        by=scene.user("coordinator"),
        report=scene.a,
        finding="现场核查属实",
        hazards=[finding(scene.world)],
    )


# ---- the permission matrix ----------------------------------------------------------------------


def test_handlers_of_the_region_view_and_handle_enterprises_never_see_reports():
    assert [r for r in ROLES if can(r, "publicreport.view")] == [
        "system_admin",
        "coordinator",
        "regulator",
        "leader",
    ]
    assert [r for r in ROLES if can(r, "publicreport.change")] == [
        "system_admin",
        "coordinator",
        "regulator",
    ]
    assert [r for r in ROLES if can(r, "publicreport.contact")] == ["coordinator", "regulator"]
    assert [r for r in ROLES if can(r, "publicreport.reward")] == ["coordinator", "regulator"]


# ---- accept -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_accept_is_allowed_to_handlers_and_refused_to_others(scene, role):
    user = scene.user(role)
    if can(role, "publicreport.change"):
        report = reports.report_accept(by=user, report=scene.a)
        assert report.status == PublicReportStatus.ACCEPTED and report.accepted_by == user
        assert report.version == 2
        assert AuditEvent.objects.filter(action="publicreport.accept").count() == 1
        return
    expected = PermissionDenied if can(role, "publicreport.view") else OutOfScope
    with pytest.raises(expected):
        reports.report_accept(by=user, report=scene.a)
    scene.a.refresh_from_db()
    assert scene.a.status == PublicReportStatus.SUBMITTED


@pytest.mark.parametrize("role", ["system_admin", "coordinator", "regulator"])
def test_a_report_of_another_county_is_out_of_scope_for_every_handler(scene, role):
    with pytest.raises(OutOfScope):
        reports.report_accept(by=scene.user(role), report=scene.b)


def test_accept_names_the_enterprise_and_refuses_one_out_of_scope(scene):
    coordinator = scene.user("coordinator")
    with pytest.raises(OutOfScope):
        reports.report_accept(by=coordinator, report=scene.a, enterprise=scene.world.enterprise_b)
    report = reports.report_accept(
        by=coordinator, report=scene.a, enterprise=scene.world.enterprise_a2
    )
    assert report.enterprise == scene.world.enterprise_a2


def test_accept_twice_or_with_a_stale_version_is_refused(scene):
    accepted(scene)
    with pytest.raises(TransitionNotAllowed, match="已受理"):
        accepted(scene)
    with pytest.raises(Conflict):
        reports.report_dismiss(by=scene.user("coordinator"), report=scene.a, reason="x", version=1)


# ---- verify -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_verify_creates_hazards_with_source_public_for_handlers_only(scene, role):
    accepted(scene)
    user = scene.user(role)
    findings = [finding(scene.world), finding(scene.world, place="西侧配电室", level="major")]
    if not can(role, "publicreport.change"):
        expected = PermissionDenied if can(role, "publicreport.view") else OutOfScope
        with pytest.raises(expected):
            reports.report_verify(by=user, report=scene.a, finding="属实", hazards=findings)
        assert not Hazard.objects.exists()
        return
    report = reports.report_verify(
        by=user, report=scene.a, finding="现场核查属实", hazards=findings
    )
    assert report.status == PublicReportStatus.VERIFIED and report.decided_by == user
    hazards = list(report.hazards.order_by("place"))
    assert [h.place for h in hazards] == ["东侧仓库", "西侧配电室"]
    assert {h.source for h in hazards} == {HazardSource.PUBLIC}
    assert hazards[0].get_source_display() == "群众举报"
    assert {h.status for h in hazards} == {HazardStatus.REPORTED}
    assert [h.level for h in hazards] == ["general", "major"]
    assert {h.enterprise for h in hazards} == {scene.world.enterprise_a}
    event = AuditEvent.objects.get(action="publicreport.verify")
    assert sorted(event.after["hazards"]) == sorted(h.pk for h in hazards)


def test_verify_needs_the_report_accepted_first(scene):
    with pytest.raises(TransitionNotAllowed, match="请先受理"):
        reports.report_verify(
            by=scene.user("coordinator"),
            report=scene.a,
            finding="属实",
            hazards=[finding(scene.world)],
        )


def test_verify_needs_a_finding_and_complete_hazards_and_leaves_nothing_half_done(scene):
    accepted(scene)
    coordinator = scene.user("coordinator")
    with pytest.raises(ValidationError) as caught:
        reports.report_verify(by=coordinator, report=scene.a, finding="属实", hazards=[])
    assert caught.value.message_dict["hazards"] == ["查证属实时请至少登记一项隐患。"]
    with pytest.raises(ValidationError) as caught:
        reports.report_verify(
            by=coordinator,
            report=scene.a,
            finding="属实",
            hazards=[finding(scene.world), finding(scene.world, place="", enterprise=None)],
        )
    assert caught.value.message_dict["hazards"] == ["第2项隐患请填写隐患单位、隐患部位。"]
    with pytest.raises(ValidationError) as caught:
        reports.report_verify(
            by=coordinator, report=scene.a, finding=" ", hazards=[finding(scene.world)]
        )
    assert "finding" in caught.value.message_dict
    assert not Hazard.objects.exists()
    scene.a.refresh_from_db()
    assert scene.a.status == PublicReportStatus.ACCEPTED


def test_verify_at_an_enterprise_the_handler_does_not_supervise_is_refused(scene):
    """dept_a's regulator sees county A's reports but reports hazards only where it supervises."""
    reports.report_accept(by=scene.user("regulator"), report=scene.a)
    with pytest.raises(PermissionDenied):
        reports.report_verify(
            by=scene.user("regulator"),
            report=scene.a,
            finding="属实",
            hazards=[finding(scene.world, enterprise=scene.world.enterprise_a2)],
        )
    assert not Hazard.objects.exists()


def test_verify_can_copy_the_report_photos_to_the_hazards(scene):
    accepted(scene)
    report = reports.report_verify(
        by=scene.user("coordinator"),
        report=scene.a,
        finding="属实",
        hazards=[finding(scene.world)],
        copy_photos=True,
    )
    assert [p.name for p in report.hazards.get().photos.all()] == ["举报照片1.png"]


# ---- dismiss ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_dismiss_with_a_reason_is_allowed_to_handlers_only(scene, role):
    user = scene.user(role)
    if not can(role, "publicreport.change"):
        expected = PermissionDenied if can(role, "publicreport.view") else OutOfScope
        with pytest.raises(expected):
            reports.report_dismiss(by=user, report=scene.a, reason="无此情况")
        return
    report = reports.report_dismiss(by=user, report=scene.a, reason="无此情况")
    assert report.status == PublicReportStatus.DISMISSED
    assert report.dismiss_reason == "无此情况"


def test_dismiss_needs_a_reason_and_an_open_report(scene):
    coordinator = scene.user("coordinator")
    with pytest.raises(ValidationError) as caught:
        reports.report_dismiss(by=coordinator, report=scene.a, reason="  ")
    assert "请填写不予立案的理由" in caught.value.message_dict["reason"][0]
    verified(scene)
    with pytest.raises(TransitionNotAllowed):
        reports.report_dismiss(by=coordinator, report=scene.a, reason="无此情况")


def test_verified_report_shows_the_number_of_hazards_to_the_reporter(scene):
    verified(scene)
    result = reports.receipt_lookup(scene.code_a)
    assert result.status == "verified" and result.hazards_created == 1
    assert "已立案隐患1项" in result.message
    assert result.dismiss_reason == ""


# ---- reward -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_reward_decision_is_allowed_with_the_reward_right_only(scene, role):
    verified(scene)
    user = scene.user(role)
    if not can(role, "publicreport.reward"):
        expected = PermissionDenied if can(role, "publicreport.view") else OutOfScope
        with pytest.raises(expected):
            reports.report_reward(by=user, report=scene.a, status="proposed", amount=2000)
        return
    report = reports.report_reward(by=user, report=scene.a, status="proposed", amount="2000")
    assert report.reward_status == RewardStatus.PROPOSED
    assert report.reward_amount == Decimal("2000.00")


def test_reward_lifecycle_proposed_then_paid_is_final(scene):
    verified(scene)
    coordinator = scene.user("coordinator")
    with pytest.raises(TransitionNotAllowed, match="请先登记拟奖励"):
        reports.report_reward(by=coordinator, report=scene.a, status="paid", amount=2000)
    with pytest.raises(ValidationError) as caught:
        reports.report_reward(by=coordinator, report=scene.a, status="proposed")
    assert caught.value.message_dict["amount"] == ["请填写奖励金额（元）。"]
    with pytest.raises(ValidationError) as caught:
        reports.report_reward(by=coordinator, report=scene.a, status="proposed", amount=-5)
    assert caught.value.message_dict["amount"] == ["奖励金额应大于0元。"]
    reports.report_reward(by=coordinator, report=scene.a, status="proposed", amount=3000)
    paid = reports.report_reward(by=coordinator, report=scene.a, status="paid", note="转账")
    assert paid.reward_status == RewardStatus.PAID and paid.reward_amount == Decimal("3000")
    with pytest.raises(TransitionNotAllowed, match="奖励已发放"):
        reports.report_reward(by=coordinator, report=scene.a, status="refused", note="x")


def test_refusing_a_reward_needs_a_reason_and_only_verified_reports_are_rewarded(scene):
    coordinator = scene.user("coordinator")
    with pytest.raises(TransitionNotAllowed, match="只有查证属实"):
        reports.report_reward(by=coordinator, report=scene.a, status="proposed", amount=100)
    verified(scene)
    with pytest.raises(ValidationError) as caught:
        reports.report_reward(by=coordinator, report=scene.a, status="refused")
    assert caught.value.message_dict["note"] == ["不予奖励时请写明理由。"]
    report = reports.report_reward(
        by=coordinator, report=scene.a, status="refused", note="举报人系企业负责人"
    )
    assert report.reward_status == RewardStatus.REFUSED and report.reward_amount is None


# ---- contact ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_contact_opens_only_with_the_contact_right_and_each_viewing_is_audited(scene, role):
    user = scene.user(role)
    if not can(role, "publicreport.contact"):
        expected = PermissionDenied if can(role, "publicreport.view") else OutOfScope
        with pytest.raises(expected):
            reports.report_contact(by=user, report=scene.a)
        assert not AuditEvent.objects.filter(action="publicreport.contact.view").exists()
        return
    for _ in range(2):
        contact = reports.report_contact(by=user, report=scene.a)
        assert (contact.name, contact.phone) == (CONTACT_NAME, CONTACT_PHONE)
    events = AuditEvent.objects.filter(action="publicreport.contact.view")
    assert events.count() == 2
    assert {e.actor_id for e in events} == {user.pk}
    assert {e.object_id for e in events} == {str(scene.a.pk)}
    assert all(CONTACT_PHONE not in str(e.after) for e in events)


def test_contact_of_a_report_in_another_county_is_out_of_scope(scene):
    with pytest.raises(OutOfScope):
        reports.report_contact(by=scene.user("coordinator"), report=scene.b)


def test_contact_viewings_keep_the_audited_state_consistent(scene):
    from anjian.core.audit import verify_chain, verify_state

    reports.report_contact(by=scene.user("coordinator"), report=scene.a)
    verified(scene)
    reports.report_contact(by=scene.user("regulator"), report=scene.a)
    assert verify_chain().ok
    mismatches = [m for m in verify_state() if m.object_type.startswith("hazards.publicreport")]
    assert mismatches == []


def test_contact_page_shows_it_on_post_and_audits_each_time(scene):
    client = Client()
    client.force_login(scene.user("regulator"))
    detail = client.get(reverse("hazard_reports:report_detail", args=[scene.a.pk]))
    assert CONTACT_PHONE not in detail.content.decode()
    assert not AuditEvent.objects.filter(action="publicreport.contact.view").exists()
    url = reverse("hazard_reports:report_contact", args=[scene.a.pk])
    assert client.get(url).status_code == 405
    for _ in range(2):
        shown = client.post(url)
        assert shown.status_code == 200 and CONTACT_PHONE in shown.content.decode()
        assert "no-store" in shown["Cache-Control"]
    assert AuditEvent.objects.filter(action="publicreport.contact.view").count() == 2


def test_contact_page_and_endpoint_refuse_a_leader(scene):
    client = Client()
    client.force_login(scene.user("leader"))
    url = reverse("hazard_reports:report_contact", args=[scene.a.pk])
    assert client.post(url).status_code == 403
    detail = client.get(reverse("hazard_reports:report_detail", args=[scene.a.pk]))
    assert "您没有查看权限" in detail.content.decode()
    api = api_client(scene.user("leader")).post(f"/api/hazard-public-reports/{scene.a.pk}/contact/")
    assert api.status_code == 403
    assert not AuditEvent.objects.filter(action="publicreport.contact.view").exists()


# ---- pages run the services ---------------------------------------------------------------------


def test_pages_accept_verify_and_reward_a_report(scene):
    client = Client()
    client.force_login(scene.user("coordinator"))
    pk = scene.a.pk
    response = client.post(
        reverse("hazard_reports:report_accept", args=[pk]),
        {"enterprise": scene.world.enterprise_a.pk, "version": 1},
    )
    assert response.status_code == 302
    form = client.get(reverse("hazard_reports:report_verify", args=[pk]))
    assert form.status_code == 200 and "隐患 1" in form.content.decode()
    data = {
        "finding": "现场核查属实",
        "version": 2,
        "hazards-TOTAL_FORMS": 3,
        "hazards-INITIAL_FORMS": 0,
        "hazards-0-enterprise": scene.world.enterprise_a.pk,
        "hazards-0-place": "东侧仓库",
        "hazards-0-description": "消防通道堵塞",
        "hazards-0-level": "general",
        "hazards-1-enterprise": scene.world.enterprise_a.pk,
        "hazards-1-level": "general",
        "hazards-2-level": "general",
    }
    response = client.post(reverse("hazard_reports:report_verify", args=[pk]), data)
    assert response.status_code == 302, response.content.decode()
    report = PublicReport.objects.get(pk=pk)
    assert report.status == PublicReportStatus.VERIFIED and report.hazards.count() == 1
    response = client.post(
        reverse("hazard_reports:report_reward", args=[pk]),
        {"status": "proposed", "amount": "1500", "note": "", "version": 3},
    )
    assert response.status_code == 302
    assert PublicReport.objects.get(pk=pk).reward_amount == Decimal("1500")


def test_verify_page_with_no_hazard_keeps_the_input_and_explains(scene):
    accepted(scene)
    client = Client()
    client.force_login(scene.user("coordinator"))
    data = {
        "finding": "现场核查属实",
        "hazards-TOTAL_FORMS": 1,
        "hazards-INITIAL_FORMS": 0,
        "hazards-0-enterprise": scene.world.enterprise_a.pk,
        "hazards-0-level": "general",
    }
    response = client.post(reverse("hazard_reports:report_verify", args=[scene.a.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "查证属实时请至少登记一项隐患。" in html and "现场核查属实" in html


def test_dismiss_page_needs_a_reason(scene):
    client = Client()
    client.force_login(scene.user("regulator"))
    url = reverse("hazard_reports:report_dismiss", args=[scene.a.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "请填写不予立案的理由" in response.content.decode()
    assert client.post(url, {"reason": "查无此事"}).status_code == 302


# ---- API actions --------------------------------------------------------------------------------


def test_api_actions_accept_verify_dismiss_reward(scene):
    client = api_client(scene.user("regulator"))
    base = f"/api/hazard-public-reports/{scene.a.pk}"
    response = client.post(f"{base}/accept/", {}, format="json")
    assert response.status_code == 200 and response.data["status"] == "accepted"
    response = client.post(
        f"{base}/verify/",
        {"finding": "属实", "hazards": hazard_rows(scene.world.enterprise_a, 2)},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "verified" and len(response.data["hazards"]) == 2
    assert set(Hazard.objects.values_list("source", flat=True)) == {"public"}
    response = client.post(f"{base}/reward/", {"status": "proposed", "amount": "500"})
    assert response.status_code == 200 and response.data["reward_status"] == "proposed"
    response = client.post(f"{base}/dismiss/", {"reason": "x"})
    assert response.status_code == 400  # already verified
    contact = client.post(f"{base}/contact/")
    assert contact.status_code == 200 and contact.data == {
        "name": CONTACT_NAME,
        "phone": CONTACT_PHONE,
    }
    assert contact["Cache-Control"] == "no-store"


def test_api_verify_errors_name_the_field(scene):
    client = api_client(scene.user("coordinator"))
    base = f"/api/hazard-public-reports/{scene.a.pk}"
    client.post(f"{base}/accept/", {}, format="json")
    response = client.post(f"{base}/verify/", {"finding": "属实", "hazards": []}, format="json")
    assert response.status_code == 400
    assert response.data["hazards"] == ["查证属实时请至少登记一项隐患。"]
    outside = hazard_rows(scene.world.enterprise_b)
    response = client.post(
        f"{base}/verify/", {"finding": "属实", "hazards": outside}, format="json"
    )
    assert response.status_code == 400 and "enterprise" in response.data["hazards"][0]
    response = client.post(f"{base}/verify/", {"finding": "属实", "hazards": [{}]}, format="json")
    assert response.status_code == 400 and "place" in response.data["hazards"][0]


def test_api_detail_never_carries_the_contact(scene):
    response = api_client(scene.user("coordinator")).get(
        f"/api/hazard-public-reports/{scene.a.pk}/"
    )
    assert response.status_code == 200
    assert response.data["has_contact"] is True
    text = str(response.data)
    assert CONTACT_PHONE not in text and CONTACT_NAME not in text and "enc1:" not in text
    assert "receipt_hash" not in response.data
