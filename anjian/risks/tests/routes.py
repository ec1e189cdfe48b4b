"""What every risks route does, by role (rules: anjian.core.testing, docs/testing.md)."""

from io import StringIO

from django.core.management import call_command

from anjian.core.testing import SIGNED_IN, Action, Api, Page, Scenario
from anjian.risks.models import (
    HazardFactorCategory,
    LecFactor,
    LsScale,
    MajorHazardCriterionList,
    RiskBand,
)
from anjian.risks.tests.conftest import build_register, load_risk_reference

OUTSIDE_NAMES = ["乙一液氨储罐区", "乙一储罐区喷淋装置"]


def scenario(world) -> Scenario:
    """A risk point with a measure in each county (conftest ``build_register``)."""
    load_risk_reference()
    call_command("load_reference", "risks.criteria_chemical", stdout=StringIO())
    build_register(world)
    scene = Scenario(world, OUTSIDE_NAMES)
    scene.add("point", world.a["point"], world.b["point"])
    scene.add("measure", world.a["measure"], world.b["measure"])
    scene.add(
        "point_measure",
        world.a["measure"],
        world.b["measure"],
        url=lambda m: {"pk": m.risk_point_id, "measure_id": m.pk},
    )
    scene.add_national("lecfactor", LecFactor.objects.first())
    scene.add_national("lsscale", LsScale.objects.first())
    scene.add_national("riskband", RiskBand.objects.first())
    scene.add_national("hazardfactorcategory", HazardFactorCategory.objects.get(code="2101"))
    scene.add_national("criterialist", MajorHazardCriterionList.objects.get(code="chemical"))
    return scene


def api_step(permission, obj, body=None, ok=None, **more):
    return Action(permission, obj, api=True, body=body, ok=ok, **more)


MEASURE = {"kind": "training", "control_level": "post", "text": "岗前培训", "responsible": "王五"}

ROUTES = {
    # ---- pages ----
    "risks:riskpoint_list": Page("riskpoint.view", shows="甲一液氨储罐区"),
    "risks:riskpoint_create": Action("riskpoint.add", shows="登记风险点"),
    "risks:riskpoint_export": Page("riskpoint.export"),
    "risks:riskpoint_import": Action("riskpoint.import", shows="批量导入风险点"),
    "risks:riskpoint_import_template": Page("riskpoint.import"),
    "risks:distribution": Page("riskpoint.view", shows="甲一化工有限公司"),
    "risks:assess_preview": Page("riskpoint.view"),
    "risks:riskpoint_detail": Page("riskpoint.view", obj="point"),
    "risks:riskpoint_update": Action("riskpoint.change", obj="point"),
    "risks:riskpoint_reassess": Action("riskpoint.change", obj="point"),
    "risks:riskpoint_deactivate": Action("riskpoint.change", obj="point"),
    "risks:measure_add": Action("riskpoint.change", obj="point"),
    "risks:measure_remove": Action("riskpoint.change", obj="point_measure"),
    # ---- API: reference data ----
    "lecfactor-list": Api(SIGNED_IN, lists="lecfactor"),
    "lecfactor-detail": Api(SIGNED_IN, obj="lecfactor"),
    "lsscale-list": Api(SIGNED_IN, lists="lsscale"),
    "lsscale-detail": Api(SIGNED_IN, obj="lsscale"),
    "riskband-list": Api(SIGNED_IN, lists="riskband"),
    "riskband-detail": Api(SIGNED_IN, obj="riskband"),
    "hazardfactorcategory-list": Api(SIGNED_IN, lists="hazardfactorcategory"),
    "hazardfactorcategory-detail": Api(SIGNED_IN, obj="hazardfactorcategory"),
    "majorhazardcriterionlist-list": Api(SIGNED_IN, lists="criterialist"),
    "majorhazardcriterionlist-detail": Api(SIGNED_IN, obj="criterialist"),
    # ---- API: the register ----
    "riskpoint-list": Api("riskpoint.view", lists="point", add="riskpoint.add"),
    "riskpoint-export": Api("riskpoint.export"),
    "riskpoint-import-template": Api("riskpoint.import"),
    "riskpoint-import-xlsx": api_step("riskpoint.import", None),
    "riskpoint-summary": Api("riskpoint.view", shows="甲一化工有限公司"),
    "riskpoint-detail": (
        Api("riskpoint.view", obj="point", change="riskpoint.change"),
        api_step(
            "riskpoint.change", "point", {"place": "新部位"}, 200, method="patch", label="patch"
        ),
    ),
    "riskpoint-reassess": api_step("riskpoint.change", "point", {"lec_l": "10"}, 200),
    "riskpoint-add-measure": api_step("riskpoint.change", "point", MEASURE, 201),
    "riskpoint-deactivate": api_step("riskpoint.change", "point", {"reason": "设备拆除"}, 200),
    "controlmeasure-list": Api("controlmeasure.view", lists="measure"),
    "controlmeasure-detail": Api("controlmeasure.view", obj="measure"),
    "controlmeasure-remove": api_step("controlmeasure.change", "measure", ok=200),
}
