from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "onego.archive"
    label = "archive"
    verbose_name = _("电子档案")

    def ready(self) -> None:
        # cases sits to the left of archive and must not import it: archive registers its hooks with cases,
        # which calls them whenever a case's files are stored (manage.py archive_cases archives any backlog);
        # certificates and inspection archive their own files (licence PDFs, videos) through the same seam.
        from onego.archive.services import archive_stored_file, on_case_files_saved
        from onego.cases import extensions

        extensions.register_files_saved_hook(on_case_files_saved)
        extensions.register_file_archiver(archive_stored_file)
