"""The duties app: notices (政策文件), their parsed items and, later, obligations."""

from django.apps import AppConfig


class DutiesConfig(AppConfig):
    """Notices (政策文件), the obligations parsed from them, and their follow-up."""

    name = "anjian.duties"
    label = "duties"
    verbose_name = "责任落实"
