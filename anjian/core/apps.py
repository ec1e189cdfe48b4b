from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Registry, users and roles, jurisdiction scope and the audit chain."""

    name = "anjian.core"
    label = "core"
    verbose_name = "基础管理"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from anjian.core.middleware import mark_session_touched
        from anjian.core.services import reference  # noqa: F401  registers the core datasets

        user_logged_in.connect(mark_session_touched, dispatch_uid="anjian_session_touched")
