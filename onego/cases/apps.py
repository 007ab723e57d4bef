from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onego.cases"
    label = "cases"
    verbose_name = _("办件")

    def ready(self) -> None:
        # The built-in step kinds register themselves with the engine's registry on import.
        from onego.cases import generated_docs, steps  # noqa: F401

        generated_docs.register()  # 公司章程, 任职文件 and the commitment letters (系统生成)
