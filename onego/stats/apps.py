from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """The service centre's dashboard (数据看板): aggregates kept as cases change, charts with their tables."""

    name = "onego.stats"
    label = "stats"
    verbose_name = _("数据看板")
