"""What every core route (and the project's own: login, API root, schema) does, by role.

The runner and its rules: ``anjian.core.testing`` and docs/testing.md. One line per route;
a route missing here fails ``test_routes_declared``.
"""

from django.core.files.base import ContentFile

from anjian.core.models import AccidentCategory, ImportJob, ImportJobStatus
from anjian.core.services.enterprise_import import EnterpriseSpec
from anjian.core.testing import ANONYMOUS, SIGNED_IN, Action, Api, Page, Public, Scenario
from anjian.core.tests.factories import RoleAssignmentFactory, accident_categories
from anjian.core.tests.scenarios import audit_events_in_both_counties, enterprise_form_data

OUTSIDE_NAMES: list[str] = []  # the world's county-B names are always checked

# The coordinator's import job is theirs and their supervisors' (user.view over their region);
# a department sees its own staff's jobs only, roles without user.view none.
DONE = {"created": 1, "updated": 0, "unchanged": 0}
JOB_OWNERS = "an import job shows to its importer and to whoever may view the importer's account"
JOB_HIDDEN = {
    "regulator": 404,
    "inspector": 404,
    "enterprise_manager": 404,
    "enterprise_employee": 404,
}


def scenario(world) -> Scenario:
    """The world, an audit event per county and a role assignment per county to revoke."""
    scene = Scenario(world, OUTSIDE_NAMES)
    inside_event, outside_event = audit_events_in_both_counties(world)
    insp_a = world.enterprise_a.responsible_inspector
    insp_b = world.enterprise_b.responsible_inspector
    grant_a = RoleAssignmentFactory(user=insp_a, role="inspector", department=world.dept_a)
    grant_b = RoleAssignmentFactory(user=insp_b, role="inspector", department=world.dept_b)
    scene.add("enterprise", world.enterprise_a, world.enterprise_b)
    scene.add("department", world.dept_a, world.dept_b)
    scene.add("region", world.town_a1, world.town_b1)
    scene.add("user", insp_a, insp_b)
    scene.add(
        "assignment",
        grant_a,
        grant_b,
        url=lambda a: {"pk": a.user_id, "assignment_id": a.pk},
    )
    scene.add(
        "auditevent",
        inside_event,
        outside_event,
        url=lambda e: {"seq": e.seq},
        key=lambda e: e.seq,
        field="seq",
    )
    scene.add("sector", world.enterprise_a.sector, key=lambda s: s.code, field="code")
    coordinator = world.user("coordinator")
    scene.add(
        "importjob",
        ImportJob.objects.create(
            spec=EnterpriseSpec.path(),
            file=ContentFile(b"", name="a.xlsx"),
            created_by=coordinator,
            region=coordinator.region,
            status=ImportJobStatus.DONE,
            result=DONE,
        ),
        ImportJob.objects.create(
            spec=EnterpriseSpec.path(),
            file=ContentFile(b"", name="b.xlsx"),
            created_by=insp_b,
            region=insp_b.region,
            status=ImportJobStatus.DONE,
            result=DONE,
        ),
    )
    accident_categories()
    scene.add_national("accidentcategory", AccidentCategory.objects.get(code="19"), lookup="pk")
    return scene


ROUTES = {
    # ---- the project's own routes ----
    "login": Public(get=200, post=200, signed_in=302),
    "logout": Public(get=None, post=302),
    "set_language": Public(get=302, post=302),
    "api-root": Api(SIGNED_IN),
    "api-token": Public(get=None, post=400, api=True),
    # The schema and its page describe endpoints, not data: drf-spectacular serves them to
    # all. The schema is one document for everyone and costs seconds to build: tried
    # anonymously here; test_schema.py fetches it signed in.
    "api-schema": Public(api=True, callers=(ANONYMOUS,)),
    "api-docs": Public(api=True),
    # ---- pages ----
    "core:home": Page(SIGNED_IN),
    "core:enterprise_list": Page("enterprise.view", shows="甲一化工有限公司"),
    "core:enterprise_create": Action("enterprise.add"),
    "core:enterprise_import": Action("enterprise.import"),
    "core:enterprise_import_template": Page("enterprise.import"),
    "core:enterprise_export": Page("enterprise.export"),
    "core:enterprise_detail": Page("enterprise.view", obj="enterprise"),
    "core:enterprise_update": (
        Action("enterprise.change", obj="enterprise"),
        Action(
            "enterprise.change",
            obj="enterprise",
            body=lambda scene, where: enterprise_form_data(
                scene.kind("enterprise").outside
                if where == "outside"
                else scene.kind("enterprise").inside,
                employee_count=5,
            ),
            ok=302,
            get=False,
            label="save",
        ),
    ),
    "core:department_list": Page("department.view", shows="甲县应急管理局"),
    "core:department_detail": Page("department.view", obj="department"),
    "core:region_list": Page("region.view", shows="甲一镇"),
    "core:region_detail": Page("region.view", obj="region"),
    "core:user_list": Page("user.view", shows="insp_a"),
    "core:user_detail": Page("user.view", obj="user"),
    "core:audit_list": Page("auditevent.view", shows="甲一化工有限公司"),
    "core:import_job": Page(SIGNED_IN, obj="importjob", differs=JOB_HIDDEN, why=JOB_OWNERS),
    # ---- API ----
    "region-list": Api("region.view", lists="region"),
    "region-detail": Api("region.view", obj="region"),
    "sector-list": Api(SIGNED_IN, lists="sector"),
    "sector-detail": Api(SIGNED_IN, obj="sector"),
    "accidentcategory-list": Api(SIGNED_IN, lists="accidentcategory"),
    "accidentcategory-detail": Api(SIGNED_IN, obj="accidentcategory"),
    "department-list": Api("department.view", lists="department", add="department.add"),
    "department-detail": Api("department.view", obj="department", change="department.change"),
    "enterprise-list": Api("enterprise.view", lists="enterprise", add="enterprise.add"),
    "enterprise-export": Api("enterprise.export"),
    "enterprise-import-template": Api("enterprise.import"),
    "importjob-detail": Api(SIGNED_IN, obj="importjob", differs=JOB_HIDDEN, why=JOB_OWNERS),
    "enterprise-import-xlsx": Action("enterprise.import", api=True),
    "enterprise-detail": Api("enterprise.view", obj="enterprise", change="enterprise.change"),
    "user-list": Api("user.view", lists="user", add="user.add"),
    "user-detail": Api("user.view", obj="user"),
    "user-grant-role": Action("user.change", obj="user", api=True),
    "user-revoke-role": Action("user.change", obj="assignment", api=True),
    "user-set-active": Action("user.change", obj="user", api=True),
    "auditevent-list": Api("auditevent.view", lists="auditevent"),
    "auditevent-detail": Api("auditevent.view", obj="auditevent"),
}
