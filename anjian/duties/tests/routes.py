"""What every duties route does, by role (rules: anjian.core.testing, docs/testing.md)."""

from anjian.core.testing import Action, Api, Page, Scenario
from anjian.duties.models import Notification
from anjian.duties.tests.conftest import build_duties, build_notice_b
from anjian.duties.tests.scenes import OUTSIDE_NAMES, side


def scenario(world) -> Scenario:
    """Each county's notice with a submitted period, a returned one and its evidence."""
    inside = side(build_duties(world).notice)
    outside = side(build_notice_b(world))
    scene = Scenario(world, OUTSIDE_NAMES)
    for kind in ("notice", "obligation", "occurrence", "evidence"):
        scene.add(kind, getattr(inside, kind), getattr(outside, kind))
    scene.add(
        "indicator",
        *(s.notice.obligations.get(number=4).indicators.get() for s in (inside, outside)),
    )
    scene.add(
        "notification",
        *(Notification.objects.get(occurrence=s.returned) for s in (inside, outside)),
    )
    return scene


def step(gate, obj, name, permission, ok=None):
    """A named step posted to an object's page (``action=<name>``), refused without its right."""
    return Action(
        gate,
        obj,
        object_permission=permission,
        body={"action": name},
        ok=ok,
        get=False,
        label=name,
    )


def api_step(permission, obj):
    return Action(permission, obj, api=True)


ROUTES = {
    # ---- pages ----
    "duties:notice_list": Page("notice.view", shows="甲县人民政府关于"),
    "duties:notice_upload": Action("notice.add", shows="上传并解析"),
    "duties:notice_detail": (
        Action("notice.view", obj="notice"),
        step("notice.view", "notice", "map", "notice.change"),
    ),
    "duties:notice_export_xlsx": Page("notice.view", obj="notice"),
    "duties:notice_export_docx": Page("notice.view", obj="notice"),
    "duties:obligation_detail": (
        Action("obligation.view", obj="obligation"),
        step("obligation.view", "obligation", "assign", "obligation.change"),
        step("obligation.view", "obligation", "indicator", "indicator.change"),
    ),
    "duties:my_tasks": Page("occurrence.view", shows="甲县应急管理局"),
    "duties:occurrence_detail": (
        Action("occurrence.view", obj="occurrence"),
        step("occurrence.view", "occurrence", "submit", "occurrence.submit"),
        step("occurrence.view", "occurrence", "accept", "occurrence.review", ok=302),
        step("occurrence.view", "occurrence", "return", "occurrence.review"),
    ),
    "duties:review_queue": Page("occurrence.review", shows="甲县应急管理局"),
    "duties:dashboard": Page("obligation.dashboard", shows="甲县应急管理局"),
    "duties:notification_list": Page("notification.view", shows="请补充纪要"),
    "duties:evidence_download": Page("progressreport.view", obj="evidence"),
    # ---- API ----
    "notice-list": Api("notice.view", lists="notice"),
    "notice-upload": api_step("notice.add", None),
    "notice-detail": Api("notice.view", obj="notice"),
    "notice-map-unit": api_step("notice.change", "notice"),
    "obligation-list": Api("obligation.view", lists="obligation"),
    "obligation-detail": Api("obligation.view", obj="obligation"),
    "obligation-assign": api_step("obligation.change", "obligation"),
    "occurrence-list": Api("occurrence.view", lists="occurrence"),
    "occurrence-detail": Api("occurrence.view", obj="occurrence"),
    "occurrence-reports": Api("occurrence.view", obj="occurrence", shows="照片.png"),
    "occurrence-submit": api_step("occurrence.submit", "occurrence"),
    "occurrence-accept": api_step("occurrence.review", "occurrence"),
    "occurrence-return-": api_step("occurrence.review", "occurrence"),
    "indicator-list": Api("indicator.view", lists="indicator"),
    "indicator-detail": Api("indicator.view", obj="indicator"),
    "indicator-record": api_step("indicator.change", "indicator"),
    "notification-list": Api("notification.view", lists="notification"),
    "notification-detail": Api("notification.view", obj="notification"),
}
