from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffstarsConfig(AppConfig):
    """The quarterly service stars (政务服务之星, seed case 9): seven dimensions, weights as data, the top 15 %."""

    name = "onego.staffstars"
    label = "staffstars"
    verbose_name = _("政务服务之星")
