from django.apps import AppConfig


class RisksConfig(AppConfig):
    """Dual prevention (双重预防): risk scales, hazard factors, criteria and the risk register."""

    name = "anjian.risks"
    label = "risks"
    verbose_name = "风险分级管控和隐患排查治理"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from anjian.core import navigation
        from anjian.core.demo import register as register_demo
        from anjian.core.navigation import NavItem
        from anjian.core.roles import register_permissions
        from anjian.risks import demo, reference_data
        from anjian.risks.permissions import PERMISSIONS

        reference_data.register_datasets()
        register_permissions(PERMISSIONS)
        for label, url_name, permission in [
            (_("风险分级管控"), "risks:riskpoint_list", "riskpoint.view"),
            (_("风险四色分布"), "risks:distribution", "riskpoint.view"),
        ]:
            navigation.register(NavItem(label, url_name, permission), before="core:department_list")
        register_demo(demo.demo_risks)
