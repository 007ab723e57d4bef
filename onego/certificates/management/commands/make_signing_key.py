"""`manage.py make_signing_key <department credit code>`: a new SM2 key pair for a department.

The private key is written to ONEGO_SIGNING_KEY_DIR/<key id>.pem (mode 0600) and never printed; the public
key is listed in the database and published at /api/v1/licences/keys. The department's previous key is
retired but stays published, so licences it signed still verify.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.accounts.models import Department
from onego.certificates import services, signing


class Command(BaseCommand):
    help = "Create a new SM2 signing key for a department (retires its current key). 为部门生成新的 SM2 签名密钥。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("credit_code", nargs="+", help="Department unified social credit code(s)")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only for departments that have no active key (idempotent; used by set-up)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for code in options["credit_code"]:
            department = Department.objects.filter(credit_code=code.strip().upper()).first()
            if department is None:
                raise CommandError(f"No department has credit code {code}.")
            if options["if_missing"] and department.signing_keys.filter(retired_at__isnull=True).exists():
                if options["verbosity"] > 1:
                    self.stdout.write(f"{department.name}: key exists, skipped")
                continue
            key = services.create_signing_key(department, actor="system:make_signing_key")
            if options["verbosity"] > 0:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{department.name}: new key {key.key_id} (private key file in {signing.key_dir()}, mode 0600)"
                    )
                )
