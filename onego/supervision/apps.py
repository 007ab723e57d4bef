from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Spot checks (双随机、一公开) of the licences granted on commitment: seeded draws, results published."""

    name = "onego.supervision"
    label = "supervision"
    verbose_name = _("双随机抽查")
