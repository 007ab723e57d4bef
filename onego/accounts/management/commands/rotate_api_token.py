from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onego.accounts.models import ApiToken
from onego.accounts.services import TokenNotRotatable, rotate_api_token


class Command(BaseCommand):
    help = (
        "Replace the API token with this prefix (the first 8 characters) by a new one, print it once, "
        "revoke the old."
    )

    def add_arguments(self, parser):
        parser.add_argument("prefix", help="the token's first 8 characters (og_…), as listed in the admin")

    def handle(self, *args, prefix: str, **options):
        rows = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)[:2])
        if len(rows) != 1:
            raise CommandError(_("没有唯一的有效令牌以 %(prefix)s 开头") % {"prefix": prefix})
        try:
            _row, token = rotate_api_token(rows[0].pk)
        except TokenNotRotatable as exc:
            raise CommandError(_("该令牌已吊销或已过期，不能轮换")) from exc
        self.stdout.write(token)
