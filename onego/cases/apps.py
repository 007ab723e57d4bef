from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onego.cases"
    label = "cases"
    verbose_name = _("办件")

    def ready(self) -> None:
        from onego.cases import extensions, generated_docs, steps

        for kind in steps.BUILT_IN:
            extensions.register_step_kind(kind)
        # 公司章程, 任职文件 and the commitment letters (系统生成)
        for key in generated_docs.WRITERS:
            extensions.register_document_generator(key, generated_docs.pdf_writer(key))
