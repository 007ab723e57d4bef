from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onego.cases"
    label = "cases"
    verbose_name = _("办件 Cases")

    def ready(self) -> None:
        # The built-in step kinds register themselves with the engine's registry on import.
        from onego.cases import steps  # noqa: F401
