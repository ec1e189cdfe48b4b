"""What every accidents route does, by role (rules: anjian.core.testing, docs/testing.md)."""

from anjian.accidents.models import AccidentGrade, EscalationRule
from anjian.accidents.services import investigations
from anjian.accidents.tests.conftest import build_scene, load_rules
from anjian.core.testing import SIGNED_IN, Action, Api, Page, Public, Scenario

OUTSIDE_NAMES = ["乙化工中毒事故", "乙道路运输事故", "乙危险化学品行业警示"]

INVESTIGATION_STEPS = ("finding", "measure", "checklist", "report", "reply", "close")


def scenario(world) -> Scenario:
    """Each county's accidents and follow-up (conftest ``build_scene``) and a measure each."""
    load_rules()
    build_scene(world)
    scene = Scenario(world, OUTSIDE_NAMES)
    for kind in (
        "accident",
        "investigation",
        "task",
        "warning",
        "acknowledgement",
        "sanction",
        "publication",
    ):
        scene.add(kind, world.a[kind], world.b[kind])
    # The road accident of each county has no investigation and is not published yet.
    scene.add("road_accident", world.a["second"], world.b["second"])
    measures = [
        investigations.measure_add(
            by=None,
            investigation=side["investigation"],
            description="更换管道",
            responsible="事故单位",
        )
        for side in (world.a, world.b)
    ]
    scene.add("measure", *measures, url=lambda m: {"pk": m.investigation_id, "measure_id": m.pk})
    scene.add_national("accidentgrade", AccidentGrade.objects.get(code="larger"))
    scene.add_national("escalationrule", EscalationRule.objects.get(code="larger_2_in_3_months"))
    return scene


FINDING = {
    "subject_kind": "unit",
    "subject": "事故单位",
    "responsibility": "主要责任",
    "handling": "罚款",
}


def api_step(permission, obj, body=None, ok=None):
    return Action(permission, obj, api=True, body=body, ok=ok)


def create(permission, body):
    """POST on a list with a valid body for county A: 201 and an audit event, or 403."""
    return Action(permission, api=True, body=body, ok=201, label="create")


ROUTES = {
    # ---- pages ----
    "accidents:accident_list": Page("accident.view", shows="甲化工中毒事故"),
    "accidents:accident_create": Action("accident.add"),
    "accidents:accident_export": Page("accident.export"),
    "accidents:timeliness": Page("accident.view", shows="甲化工中毒事故"),
    "accidents:statistics": Page("accident.view", shows="事故起数"),
    "accidents:statistics_export": Page("accident.export"),
    "accidents:accident_detail": Page("accident.view", obj="accident"),
    "accidents:accident_update": Action("accident.change", obj="accident"),
    "accidents:accident_figures": Action("accident.change", obj="accident"),
    "accidents:accident_override": Action("accident.override", obj="accident"),
    "accidents:report_upward": Action("accident.change", obj="accident"),
    "accidents:investigation_open": Action("investigation.add", obj="road_accident"),
    "accidents:warning_issue": Action("industrywarning.add", obj="accident"),
    "accidents:sanction_impose": Action("enterprisesanction.add", obj="accident"),
    "accidents:publish": Action("publication.add", obj="road_accident"),
    "accidents:investigation_list": Page("investigation.view", shows="甲化工中毒事故"),
    "accidents:investigation_detail": Page("investigation.view", obj="investigation"),
    "accidents:measure_complete": Action("investigation.change", obj="measure"),
    "accidents:investigation_step": tuple(
        Action("investigation.change", obj="investigation", kwargs={"step": step}, label=step)
        for step in INVESTIGATION_STEPS
    ),
    "accidents:task_list": Page("supervisiontask.view", shows="甲县专项巡查"),
    "accidents:task_detail": Page("supervisiontask.view", obj="task"),
    "accidents:task_close": Action("supervisiontask.change", obj="task"),
    "accidents:warning_list": Page("industrywarning.view", shows="甲危险化学品行业警示"),
    "accidents:warning_detail": Page("industrywarning.view", obj="warning"),
    "accidents:acknowledgement_list": Page(
        "warningacknowledgement.view", shows="甲危险化学品行业警示"
    ),
    "accidents:acknowledgement_detail": Page("warningacknowledgement.view", obj="acknowledgement"),
    "accidents:acknowledge": Action("warningacknowledgement.change", obj="acknowledgement"),
    "accidents:self_inspection": Action("warningacknowledgement.change", obj="acknowledgement"),
    "accidents:sanction_list": Page("enterprisesanction.view", shows="甲一化工有限公司"),
    "accidents:sanction_detail": Page("enterprisesanction.view", obj="sanction"),
    "accidents:sanction_check": Action("enterprisesanction.change", obj="sanction"),
    "accidents:sanction_lift": Action("enterprisesanction.change", obj="sanction"),
    "accidents:publication_list": Page("publication.view", shows="中毒和窒息事故"),
    "accidents:publication_withdraw": Action("publication.change", obj="publication"),
    # 曝光台: redacted summaries for everyone, without login (both counties' entries).
    "accidents:public_list": Public(),
    "accidents:public_detail": Public(obj="publication"),
    # ---- API: reference data ----
    "accidentgrade-list": Api(SIGNED_IN, lists="accidentgrade"),
    "accidentgrade-detail": Api(SIGNED_IN, obj="accidentgrade"),
    "escalationrule-list": Api(SIGNED_IN, lists="escalationrule"),
    "escalationrule-detail": Api(SIGNED_IN, obj="escalationrule"),
    # ---- API: accidents ----
    "accident-list": Api("accident.view", lists="accident", add="accident.add"),
    "accident-export": Api("accident.export"),
    "accident-statistics": Api("accident.view"),
    "accident-timeliness": Api("accident.view"),
    "accident-detail": (
        Api("accident.view", obj="accident", change="accident.change"),
        Action(
            "accident.change",
            "accident",
            api=True,
            method="patch",
            body={"place": "二号车间"},
            ok=200,
            label="edit",
        ),
    ),
    "accident-update-figures": api_step(
        "accident.change", "accident", {"minor_injuries": 5, "reason": "伤情变化"}, 200
    ),
    "accident-override-grade": api_step(
        "accident.override", "accident", {"grade": "major", "reason": "经上级认定为重大事故"}, 200
    ),
    "accident-report-upward": api_step(
        "accident.change", "accident", {"reporting_unit": "县应急管理局"}, 201
    ),
    # ---- API: investigations and supervision ----
    "investigation-list": (
        Api("investigation.view", lists="investigation", add="investigation.add"),
        create(
            "investigation.add",
            lambda s, w: {
                "accident": s.kind("road_accident").inside.pk,
                "led_by": "甲县人民政府",
                "team": "应急局",
            },
        ),
    ),
    "investigation-detail": Api(
        "investigation.view", obj="investigation", change="investigation.change"
    ),
    "investigation-add-finding": api_step(
        "investigation.change",
        "investigation",
        FINDING,
        201,
    ),
    "investigation-add-measure": api_step(
        "investigation.change",
        "investigation",
        {"description": "更换管道", "responsible": "事故单位", "kind": "measure"},
        201,
    ),
    "investigation-checklist": api_step(
        "investigation.change", "investigation", {"cause_found": True}, 200
    ),
    "investigation-submit-report": api_step(
        "investigation.change", "investigation", {"causes": "违章作业，管理缺失。"}, 200
    ),
    "investigation-reply": api_step("investigation.change", "investigation"),
    "investigation-close": api_step("investigation.change", "investigation"),
    "investigation-complete-measure": api_step("investigation.change", "measure"),
    "supervisiontask-list": Api("supervisiontask.view", lists="task"),
    "supervisiontask-detail": Api("supervisiontask.view", obj="task"),
    "supervisiontask-close": api_step(
        "supervisiontask.change", "task", {"conclusion": "已开展专项巡查。"}, 200
    ),
    # ---- API: warnings, sanctions, 曝光台 ----
    "industrywarning-list": (
        Api("industrywarning.view", lists="warning", add="industrywarning.add"),
        create(
            "industrywarning.add",
            lambda s, w: {
                "accident": s.kind("accident").inside.pk,
                "region": s.world.county_a.pk,
                "title": "警示",
                "content": "各单位立即开展自查自改。",
            },
        ),
    ),
    "industrywarning-detail": Api("industrywarning.view", obj="warning"),
    "warningacknowledgement-list": Api("warningacknowledgement.view", lists="acknowledgement"),
    "warningacknowledgement-detail": Api("warningacknowledgement.view", obj="acknowledgement"),
    "warningacknowledgement-acknowledge": api_step(
        "warningacknowledgement.change", "acknowledgement", {}, 200
    ),
    "warningacknowledgement-self-inspection": api_step(
        "warningacknowledgement.change", "acknowledgement"
    ),
    "enterprisesanction-list": (
        Api("enterprisesanction.view", lists="sanction", add="enterprisesanction.add"),
        create(
            "enterprisesanction.add",
            lambda s, w: {
                "enterprise": s.world.enterprise_a.pk,
                "kind": "licence_suspended",
                "reason": "暂扣许可证待复核",
            },
        ),
    ),
    "enterprisesanction-detail": Api("enterprisesanction.view", obj="sanction"),
    "enterprisesanction-check-item": api_step(
        "enterprisesanction.change", "sanction", {"item": "causes_rectified", "done": True}, 200
    ),
    "enterprisesanction-lift": api_step("enterprisesanction.change", "sanction"),
    "publication-list": (
        Api("publication.view", lists="publication", add="publication.add"),
        create(
            "publication.add",
            lambda s, w: {
                "accident": s.kind("road_accident").inside.pk,
                "title": "道路运输事故",
                "summary": "一起道路运输较大事故。",
                "lessons": "严格落实动态监控和驾驶人管理。",
            },
        ),
    ),
    "publication-detail": Api("publication.view", obj="publication"),
    "publication-withdraw": api_step(
        "publication.change", "publication", {"reason": "案件复核"}, 200
    ),
}
