from django.apps import AppConfig


class HazardsConfig(AppConfig):
    """Hazard ledger (隐患排查治理): lifecycle, extensions, 双报告, 挂牌督办, public reports."""

    name = "anjian.hazards"
    label = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self) -> None:
        import datetime as dt

        from django.utils.translation import gettext_lazy as _

        from anjian.core import jobs, navigation
        from anjian.core.demo import register as register_demo
        from anjian.core.navigation import NavItem
        from anjian.core.roles import register_permissions
        from anjian.hazards import demo, reference_data
        from anjian.hazards.permissions import PERMISSIONS

        reference_data.register_datasets()
        register_demo(demo.demo_hazards)
        register_permissions(PERMISSIONS)
        for label, url_name in [
            (_("隐患台账"), "hazards:hazard_list"),
            (_("隐患统计"), "hazard_stats:statistics"),
            (_("重大隐患动态清零"), "hazard_stats:clearance"),
        ]:
            navigation.register(
                NavItem(label, url_name, "hazard.view"), before="core:department_list"
            )
        navigation.register(
            NavItem(_("群众举报"), "hazard_reports:report_list", "publicreport.view"),
            before="core:department_list",
        )
        jobs.register("hazards.overdue", dt.timedelta(hours=1), _overdue_job)
        jobs.register("hazards.double_report", dt.timedelta(hours=6), _double_report_job)


def _overdue_job(now) -> str:
    from anjian.hazards.services.followup import overdue_mark

    return f"{overdue_mark()} 项隐患新标记为逾期"


def _double_report_job(now) -> str:
    from anjian.hazards.services.followup import double_report_check

    return f"{double_report_check()} 项重大隐患双报告超期"
