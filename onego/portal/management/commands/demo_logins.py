import base64

from django.core.management.base import BaseCommand

from onego.demo import accounts as demo


class Command(BaseCommand):
    help = "Print the URL and one demo login per role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        demo.refuse_in_production()
        w = self.stdout.write
        w("")
        w(f"OneGo is running at {url}")
        w(f"Demo logins (password: {demo.DEMO_PASSWORD})")
        for u in demo.USERS:
            w(f"  {u.username:<12} {u.role.label}")
        secret = base64.b32encode(bytes.fromhex(demo.DEMO_ADMIN_TOTP_HEX)).decode()
        w(
            f"The admin site {url}admin/ needs TOTP for 'admin' and 'policy' (the policy officer edits policies "
            f"there): add secret {secret} to an authenticator app"
        )
        w("  (or print the current code: .venv/bin/python manage.py demo_totp)")
        w("")
