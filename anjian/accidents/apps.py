from django.apps import AppConfig


class AccidentsConfig(AppConfig):
    """Accident reports, grading, timeliness, investigation, escalation, warnings, 曝光台."""

    name = "anjian.accidents"
    label = "accidents"
    verbose_name = "事故管理"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from anjian.accidents import demo, reference_data
        from anjian.accidents.permissions import PERMISSIONS
        from anjian.core import navigation
        from anjian.core.demo import register as register_demo
        from anjian.core.navigation import NavItem
        from anjian.core.roles import register_permissions

        reference_data.register_datasets()
        register_permissions(PERMISSIONS)
        for label, url_name, permission in [
            (_("事故"), "accidents:accident_list", "accident.view"),
            (_("事故统计"), "accidents:statistics", "accident.view"),
            (_("专项督导"), "accidents:task_list", "supervisiontask.view"),
            (_("同行业警示"), "accidents:warning_list", "industrywarning.view"),
            (_("警示确认"), "accidents:acknowledgement_list", "warningacknowledgement.change"),
        ]:
            navigation.register(NavItem(label, url_name, permission), before="core:department_list")
        register_demo(demo.demo_accidents)
