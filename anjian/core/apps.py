from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Registry, users and roles, jurisdiction scope and the audit chain."""

    name = "anjian.core"
    label = "core"
    verbose_name = "基础管理"

    def ready(self) -> None:
        from anjian.core.services import reference  # noqa: F401  registers the core datasets
