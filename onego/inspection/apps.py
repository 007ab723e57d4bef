from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "onego.inspection"
    label = "inspection"
    verbose_name = _("远程核查 Remote inspection")
