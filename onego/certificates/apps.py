from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CertificatesConfig(AppConfig):
    name = "onego.certificates"
    label = "certificates"
    verbose_name = pgettext_lazy("certificates", "电子证照")

    def ready(self) -> None:
        # The engine's `issue` step now issues signed e-licences (cases must not import certificates).
        from onego.cases import reuse as case_reuse
        from onego.certificates import issuing
        from onego.certificates.reuse import CertificatesProvider

        issuing.register()
        # Applicants may pick their e-licences instead of uploading materials (免提交).
        case_reuse.register_provider(CertificatesProvider())
        # The licences a case issued are among its results (办理结果) on the case pages.
        from onego.cases import results as case_results
        from onego.certificates.results import licence_results

        case_results.register_provider(licence_results)
