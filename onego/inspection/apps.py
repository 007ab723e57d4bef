from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "onego.inspection"
    label = "inspection"
    verbose_name = _("远程核查")

    def ready(self) -> None:
        from onego.cases import extensions
        from onego.inspection import food_rules
        from onego.inspection.services import before_inspect_action, schedule_follow_up

        # The engine's `inspect` step: with a remote-video checklist, pass and fail follow the pass rule.
        extensions.register_step_kind(
            extensions.StepKind("inspect", "核查", "Inspection", before_action=before_inspect_action)
        )
        # The 10 food-safety management rules, generated for each food licence case.
        extensions.register_document_generator(food_rules.MATERIAL_KEY, food_rules.food_rules_pdf)
        # The check after a licence granted on commitment.
        extensions.register_close_listener(schedule_follow_up)
