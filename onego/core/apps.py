from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "onego.core"
    label = "core"
    verbose_name = _("基础内核")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from onego.core.dbfiles import restrict_sqlite_files

        connection_created.connect(restrict_sqlite_files, dispatch_uid="onego.core.dbfiles")
