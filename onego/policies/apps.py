from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PoliciesConfig(AppConfig):
    name = "onego.policies"
    label = "policies"
    verbose_name = pgettext_lazy("policies", "政策兑现")

    def ready(self) -> None:
        from onego.cases import extensions
        from onego.policies import documents, steps
        from onego.policies.results import payment_results

        # Publicity and disbursement of policy cases (cases must not import policies).
        extensions.register_step_kind(steps.PUBLICIZE)
        extensions.register_step_kind(steps.DISBURSE)
        extensions.register_close_listener(steps.cancel_payment)
        # The 免申即享 confirmation document, its "received" message and the wording of a policy decision.
        extensions.register_document_generator(documents.CONFIRMATION, documents.confirmation_pdf)
        extensions.register_submitted_writer(documents.confirmation_received)
        extensions.register_decision_writer(documents.decision)
        # A policy case's payment is one of its results (办理结果) on the case pages.
        extensions.register_results_provider(payment_results)
