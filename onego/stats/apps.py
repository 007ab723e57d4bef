from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """The service centre's dashboard (数据看板): aggregates kept as cases change, charts with their tables."""

    name = "onego.stats"
    label = "stats"
    verbose_name = _("数据看板")

    def ready(self) -> None:
        # The aggregates are kept inside the transaction that changed the case (ADR 0007, case listeners).
        from onego.cases.extensions import register_case_listener
        from onego.stats.aggregates import on_case_event

        register_case_listener(on_case_event)
