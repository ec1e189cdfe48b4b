"""The duties app: notices (政策文件), the obligations made from them, and their follow-up."""

import datetime as dt

from django.apps import AppConfig


class DutiesConfig(AppConfig):
    """Notices (政策文件), the obligations parsed from them, and their follow-up."""

    name = "anjian.duties"
    label = "duties"
    verbose_name = "责任落实"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from anjian.core import jobs, navigation
        from anjian.core.demo import register as register_demo
        from anjian.core.navigation import NavItem
        from anjian.core.roles import register_permissions
        from anjian.duties import demo
        from anjian.duties.permissions import PERMISSIONS
        from anjian.duties.services import jobs as duty_jobs

        register_permissions(PERMISSIONS)
        for label, url_name, permission in [
            (_("政策文件"), "duties:notice_list", "notice.view"),
            (_("我的任务"), "duties:my_tasks", "occurrence.view"),
            (_("进展审核"), "duties:review_queue", "occurrence.review"),
            (_("任务督办"), "duties:dashboard", "obligation.dashboard"),
            (_("我的提醒"), "duties:notification_list", "notification.view"),
        ]:
            navigation.register(NavItem(label, url_name, permission), before="core:department_list")
        jobs.register("duties.mark_overdue", dt.timedelta(hours=1), duty_jobs.mark_overdue)
        jobs.register("duties.remind_due", dt.timedelta(days=1), duty_jobs.remind_due)
        register_demo(demo.demo_notice)
