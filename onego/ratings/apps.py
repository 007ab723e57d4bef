from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    """Service ratings (好差评): the window rating pad, online, SMS and QR ratings, the default rating, bad-review
    work orders and the statistics the national standard publishes (GB/T 39734/39735, seed case 9)."""

    name = "onego.ratings"
    label = "ratings"
    verbose_name = _("好差评")
