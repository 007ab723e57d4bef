from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CertificatesConfig(AppConfig):
    name = "onego.certificates"
    label = "certificates"
    verbose_name = pgettext_lazy("certificates", "电子证照")

    def ready(self) -> None:
        from onego.cases import extensions
        from onego.certificates import issuing, services
        from onego.certificates.results import licence_results
        from onego.certificates.reuse import CertificatesProvider

        # The engine's `issue` step now issues signed e-licences (cases must not import certificates).
        extensions.register_step_kind(issuing.ISSUE)
        # Applicants may pick their e-licences instead of uploading materials (免提交).
        extensions.register_licence_provider(CertificatesProvider())
        # The licences a case issued are among its results (办理结果) on the case pages.
        extensions.register_results_provider(licence_results)
        # A false commitment found by inspection's follow-up check revokes the case's licences.
        extensions.register_licence_revoker(services.revoke_case_licences)
