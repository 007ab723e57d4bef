"""`manage.py robot_credential <system> --username U`: set or rotate a robot's login for a target system.

The password is read from the terminal without echo (or from the environment variable named with
--password-env, for automation); it is stored only as SM4 ciphertext and never printed. `--check` decrypts
the stored one with the current key and says whether it opens (after ONEGO_ROBOT_KEY changed, it will not:
set it again)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.robots import services
from onego.robots.crypto import SecretUnreadable
from onego.robots.models import Credential, TargetSystem


class Command(BaseCommand):
    help = "Set or rotate the login a robot uses for a target system (the secret is stored encrypted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("system", help="The target system's key.")
        parser.add_argument("--username", help="The account's user name (kept when rotating without it).")
        parser.add_argument("--password-env", help="Read the password from this environment variable.")
        parser.add_argument("--check", action="store_true", help="Only check that the stored secret opens.")

    def handle(
        self,
        *args: Any,
        system: str,
        username: str | None,
        password_env: str | None,
        check: bool,
        **options: Any,
    ) -> None:
        target = TargetSystem.objects.filter(key=system).first()
        if target is None:
            raise CommandError(f"No target system with key {system!r}.")
        existing = Credential.objects.filter(system=target).first()
        if check:
            if existing is None:
                raise CommandError(f"{system}: no credential stored.")
            try:
                existing.secret()
            except SecretUnreadable as exc:
                raise CommandError(
                    f"{system}: the stored secret does not open with the current key."
                ) from exc
            self.stdout.write(self.style.SUCCESS(f"{system}: the credential of {existing.username} opens."))
            return
        name = username or (existing.username if existing else "")
        if not name:
            raise CommandError("--username is required for a new credential.")
        if password_env:
            secret = os.environ.get(password_env, "")
            if not secret:
                raise CommandError(f"The environment variable {password_env} is empty or unset.")
        else:
            secret = getpass.getpass(f"Password of {name} on {system}: ")
            if secret != getpass.getpass("Again: "):
                raise CommandError("The two entries differ; nothing changed.")
        if not secret:
            raise CommandError("An empty password is not stored.")
        services.set_credential(system, username=name, secret=secret)
        verb = "rotated" if existing else "stored"
        self.stdout.write(self.style.SUCCESS(f"{system}: credential of {name} {verb} (encrypted)."))
