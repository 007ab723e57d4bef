from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "onego.policies"
    label = "policies"
    verbose_name = _("政策兑现 Policy redemption")

    def ready(self) -> None:
        # Publicity and disbursement of policy cases (cases must not import policies).
        from onego.policies import documents, steps

        steps.register()
        # The 免申即享 confirmation document and the wording of a policy decision (兑现决定书).
        documents.register()
