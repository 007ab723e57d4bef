from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "onego.inspection"
    label = "inspection"
    verbose_name = _("远程核查")

    def ready(self) -> None:
        # The engine's `inspect` step: with a remote-video checklist, pass and fail follow the pass rule.
        from onego.cases.engine import CLOSE_LISTENERS, StepKind, register_step_kind
        from onego.inspection import food_rules
        from onego.inspection.services import before_inspect_action, schedule_follow_up

        register_step_kind(StepKind("inspect", "核查", "Inspection", before_action=before_inspect_action))
        food_rules.register()  # the 10 food-safety management rules, generated for each food licence case
        if schedule_follow_up not in CLOSE_LISTENERS:
            CLOSE_LISTENERS.append(schedule_follow_up)  # the check after a licence granted on commitment
