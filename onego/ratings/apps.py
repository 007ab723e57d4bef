from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    """Service ratings (好差评): the window rating pad, online, SMS and QR ratings, the default rating, bad-review
    work orders and the statistics the national standard publishes (GB/T 39734/39735, seed case 9)."""

    name = "onego.ratings"
    label = "ratings"
    verbose_name = _("好差评")

    def ready(self) -> None:
        from onego.cases import extensions
        from onego.ratings import invites

        # A case ends: the applicant is asked to rate it (site message + SMS link), 一事一评.
        extensions.register_close_listener(invites.invite_case)
        # A visit with a phone number is done: the SMS link to rate it, 一次一评.
        extensions.register_visit_listener(invites.invite_visit)
