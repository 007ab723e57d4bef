from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "onego.accounts"
    label = "accounts"
    verbose_name = _("账户与部门")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from onego.accounts.middleware import stamp_staff_login

        user_logged_in.connect(stamp_staff_login, dispatch_uid="onego.accounts.stamp_staff_login")
