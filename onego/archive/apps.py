from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "onego.archive"
    label = "archive"
    verbose_name = _("电子档案")

    def ready(self) -> None:
        # cases sits to the left of archive and must not import it: archive registers its hook with cases,
        # which calls it whenever a case's files are stored (manage.py archive_cases archives any backlog).
        from onego.archive.services import on_case_files_saved
        from onego.cases import services as case_services

        if on_case_files_saved not in case_services.FILES_SAVED_HOOKS:
            case_services.FILES_SAVED_HOOKS.append(on_case_files_saved)
