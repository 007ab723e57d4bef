from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PoliciesConfig(AppConfig):
    name = "onego.policies"
    label = "policies"
    verbose_name = pgettext_lazy("policies", "政策兑现")

    def ready(self) -> None:
        # Publicity and disbursement of policy cases (cases must not import policies).
        from onego.policies import documents, steps

        steps.register()
        # The 免申即享 confirmation document and the wording of a policy decision (兑现决定书).
        documents.register()
        # A policy case's payment is one of its results (办理结果) on the case pages.
        from onego.cases import results as case_results
        from onego.policies.results import payment_results

        case_results.register_provider(payment_results)
