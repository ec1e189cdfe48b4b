"""What every hazards route does, by role (rules: anjian.core.testing, docs/testing.md).

The ledger, its follow-up (延期, 挂牌督办, 提醒), statistics and 群众举报 — the public form
and receipt lookup need no login.
"""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from anjian.core.testing import Action, Api, Page, Public, Scenario
from anjian.hazards.models import HazardLevel, HazardSource
from anjian.hazards.reports import services as reports
from anjian.hazards.services import followup
from anjian.hazards.services import hazards as services
from anjian.hazards.tests.conftest import photo, report
from anjian.hazards.tests.factories import HazardNotificationFactory
from anjian.hazards.tests.test_public_reports_support import hazard_rows, submit

OUTSIDE_NAMES = ["乙一防火堤破损", "乙一仓库消防通道堵塞"]


def _assigned_major(world, enterprise, by):
    """A major hazard assigned with a deadline: it can be extended and listed."""
    hazard = report(world, by=by, enterprise=enterprise, level=HazardLevel.MAJOR)
    return services.hazard_assign(
        by=world.user("regulator") if by else None,
        hazard=hazard,
        owner_name="张三",
        measures="修补防火堤",
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )


def _follow_up(world, enterprise, by, authority, unit):
    hazard = _assigned_major(world, enterprise, by)
    extension = followup.extension_request(
        by=by,
        hazard=hazard,
        requested_deadline=hazard.deadline + dt.timedelta(days=9),
        reason="设备未到",
    )
    listing = followup.hazard_list(
        by=world.user("coordinator") if by else None,
        hazard=hazard,
        authority=authority,
        responsible_leader="李副县长",
        supervising_unit=unit,
        deadline=hazard.deadline + dt.timedelta(days=20),
    )
    return extension, listing


def _public_reports(world, town, enterprise, description, **contact):
    """A submitted report (with a photo), an accepted one and a verified one in ``town``."""
    fresh, _code = submit(
        town, enterprise_name=enterprise.name, description=description, photos=[photo()], **contact
    )
    accepted, _code = submit(town, enterprise_name=enterprise.name, description=description)
    reports.report_accept(by=None, report=accepted)
    verified, _code = submit(town, enterprise_name=enterprise.name, description=description)
    reports.report_accept(by=None, report=verified)
    reports.report_verify(
        by=None,
        report=verified,
        finding="属实",
        hazards=[reports.HazardFinding(enterprise, "仓库", "通道堵塞")],
    )
    return fresh, accepted, verified


def scenario(world) -> Scenario:
    """A hazard with a photo, an extension, a listing, a notification and reports per county."""
    call_command(
        "load_reference",
        "hazards.parameters",
        "core.calendar",
        "risks.criteria_chemical",
        stdout=StringIO(),
    )
    manager = world.user("enterprise_manager")
    inside = report(world, photos=[photo()], level=HazardLevel.MAJOR)
    outside = report(
        world,
        by=None,
        enterprise=world.enterprise_b,
        source=HazardSource.DEPARTMENT,
        description="乙一防火堤破损",
        photos=[photo()],
    )
    scene = Scenario(world, OUTSIDE_NAMES)
    scene.add("hazard", inside, outside)
    scene.add("photo", inside.photos.get(), outside.photos.get())
    scene.add(
        "notification",
        HazardNotificationFactory(hazard=inside),
        HazardNotificationFactory(hazard=outside),
    )
    a = _follow_up(world, world.enterprise_a, manager, world.county_a, world.dept_a)
    b = _follow_up(world, world.enterprise_b, None, world.county_b, world.dept_b)
    scene.add("extension", a[0], b[0])
    scene.add("listing", a[1], b[1])
    a = _public_reports(
        world,
        world.town_a1,
        world.enterprise_a,
        "厂区东侧仓库消防通道被货物堵死，灭火器过期未检。",
        contact_name="王举报",
        contact_phone="13912345678",
    )
    b = _public_reports(world, world.town_b1, world.enterprise_b, "乙一仓库消防通道堵塞")
    scene.add("report", a[0], b[0])
    scene.add("accepted_report", a[1], b[1])
    scene.add("verified_report", a[2], b[2])
    scene.add(
        "report_photo",
        a[0].photos.get(),
        b[0].photos.get(),
        url=lambda p: {"pk": p.report_id, "photo_id": p.pk},
    )
    return scene


def api_step(permission, obj, body=None, ok=None):
    return Action(permission, obj, api=True, body=body, ok=ok)


def verify_body(scene, where):
    enterprise = scene.world.enterprise_b if where == "outside" else scene.world.enterprise_a
    return {"finding": "属实", "hazards": hazard_rows(enterprise)}


ROUTES = {
    # ---- pages: the ledger ----
    "hazards:hazard_list": Page("hazard.view", lists="hazard", shows="甲一化工有限公司"),
    "hazards:hazard_create": Action("hazard.add"),
    "hazards:hazard_export": Page("hazard.export"),
    "hazards:hazard_detail": Page("hazard.view", obj="hazard"),
    "hazards:hazard_assign": Action("hazard.assign", obj="hazard"),
    "hazards:hazard_start": Action("hazard.rectify", obj="hazard"),
    "hazards:hazard_submit": Action("hazard.rectify", obj="hazard"),
    "hazards:hazard_close": Action("hazard.verify", obj="hazard"),
    "hazards:hazard_return": Action("hazard.verify", obj="hazard"),
    "hazards:hazard_reclassify": Action("hazard.verify", obj="hazard"),
    "hazards:extension_request": Action("deadlineextension.add", obj="hazard"),
    "hazards:double_report": Action("hazard.doublereport", obj="hazard"),
    "hazards:hazard_listing": Action("hazardlisting.add", obj="hazard"),
    "hazards:extension_decide": Action("deadlineextension.change", obj="extension"),
    "hazards:photo": Page("hazard.view", obj="photo"),
    # ---- pages: statistics ----
    "hazard_stats:statistics": Page("hazard.view"),
    "hazard_stats:statistics_export": Page("hazard.export"),
    "hazard_stats:clearance": Page("hazard.view"),
    "hazard_stats:clearance_export": Page("hazard.export"),
    # ---- pages: 群众举报 ----
    "public_reports:submit": Public(get=200, post=400),
    "public_reports:lookup": Public(get=200, post=200),
    "hazard_reports:report_list": Page("publicreport.view", lists="report"),
    "hazard_reports:report_detail": Page("publicreport.view", obj="report"),
    "hazard_reports:report_contact": Action(
        "publicreport.view",
        obj="report",
        object_permission="publicreport.contact",
        get=False,
        ok=200,
    ),
    "hazard_reports:report_photo": Page("publicreport.view", obj="report_photo"),
    "hazard_reports:report_accept": Action("publicreport.change", obj="report"),
    "hazard_reports:report_verify": Action("publicreport.change", obj="accepted_report"),
    "hazard_reports:report_dismiss": Action("publicreport.change", obj="report"),
    "hazard_reports:report_reward": Action("publicreport.reward", obj="verified_report"),
    # ---- API: the ledger ----
    "hazard-list": Api("hazard.view", lists="hazard", add="hazard.add"),
    "hazard-detail": Api("hazard.view", obj="hazard"),
    "hazard-assign": api_step("hazard.assign", "hazard"),
    "hazard-start": api_step("hazard.rectify", "hazard"),
    "hazard-submit": api_step("hazard.rectify", "hazard"),
    "hazard-close": api_step("hazard.verify", "hazard"),
    "hazard-give-back": api_step("hazard.verify", "hazard"),
    "hazard-reclassify": api_step("hazard.verify", "hazard"),
    "hazard-double-report": api_step("hazard.doublereport", "hazard"),
    "hazard-extension": api_step("hazard.view", "hazard"),
    "hazard-list-hazard": api_step("hazard.view", "hazard"),
    "hazard-photo": api_step("hazard.view", "hazard"),
    "deadlineextension-list": Api("deadlineextension.view", lists="extension"),
    "deadlineextension-detail": Api("deadlineextension.view", obj="extension"),
    "deadlineextension-decide": api_step("deadlineextension.change", "extension"),
    "hazardlisting-list": Api("hazardlisting.view", lists="listing"),
    "hazardlisting-detail": Api("hazardlisting.view", obj="listing"),
    "hazardnotification-list": Api("hazardnotification.view", lists="notification"),
    "hazardnotification-detail": Api("hazardnotification.view", obj="notification"),
    "hazard-statistics": Api("hazard.view"),
    "hazard-clearance-list": Api("hazard.view"),
    "hazard-clearance-by-region": Api("hazard.view"),
    # ---- API: 群众举报 ----
    "public-hazard-report-list": Public(get=None, post=400, api=True),
    "public-hazard-report-lookup": Public(get=None, post=400, api=True),
    "public-hazard-report-regions": Public(api=True),
    "publicreport-list": Api("publicreport.view", lists="report"),
    "publicreport-detail": Api("publicreport.view", obj="report"),
    "publicreport-accept": api_step("publicreport.change", "report", {}, 200),
    "publicreport-verify": api_step("publicreport.change", "accepted_report", verify_body, 200),
    "publicreport-dismiss": api_step("publicreport.change", "report", {"reason": "查无此事"}, 200),
    "publicreport-reward": api_step(
        "publicreport.reward", "verified_report", {"status": "proposed", "amount": "800"}, 200
    ),
    "publicreport-contact": api_step("publicreport.contact", "report", {}, 200),
}
