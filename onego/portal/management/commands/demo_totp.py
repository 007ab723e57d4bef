from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from onego.accounts.models import User
from onego.demo import accounts as demo


class Command(BaseCommand):
    help = "Print the demo administrator's current TOTP code (demo installations only)."

    def handle(self, *args, **options):
        demo.refuse_in_production()
        admin = User.objects.filter(username="admin", totpdevice__key=demo.DEMO_ADMIN_TOTP_HEX).first()
        if admin is None:
            raise CommandError("No demo admin with the demo secret")
        self.stdout.write(f"{totp(bytes.fromhex(demo.DEMO_ADMIN_TOTP_HEX)):06d}")
