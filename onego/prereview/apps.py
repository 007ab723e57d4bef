from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrereviewConfig(AppConfig):
    """Intelligent pre-review (智能预审) of employment and start-up subsidy claims: rules as data against shared
    data, OCR of the attachments, and the reviewer's queue, where the reviewer checks the robot's verdicts."""

    name = "onego.prereview"
    label = "prereview"
    verbose_name = _("智能预审")
