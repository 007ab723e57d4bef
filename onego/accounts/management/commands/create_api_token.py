from django.core.management.base import BaseCommand, CommandError

from onego.accounts.models import User
from onego.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create a bearer token for USERNAME and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No such user: {username}")
        self.stdout.write(create_api_token(user, name=name))
