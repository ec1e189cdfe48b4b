from django.apps import AppConfig


class RisksConfig(AppConfig):
    """Dual prevention (双重预防): risk scales and bands, hazard factors, major-hazard criteria."""

    name = "anjian.risks"
    label = "risks"
    verbose_name = "风险分级管控和隐患排查治理"

    def ready(self) -> None:
        from anjian.risks import reference_data

        reference_data.register_datasets()
