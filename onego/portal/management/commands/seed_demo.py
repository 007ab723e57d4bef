"""Load the Baiyun demo (`onego.demo`): the holiday calendar, departments, one user per role, demo registry rows,
licence types, the service catalogue of the seed cases (a catalogue file, through the importer), the policy
catalogue and enterprise facts, the employment-subsidy schemes with their pre-review rules and shared data, and
the robots of the stand-in provincial system (at STANDIN_PORT, default 8100, where `make run` serves it). It
lives in `portal` because it spans every app; it is the only runtime entry point that imports `onego.demo`.

Idempotent: running it again updates what exists and creates only what is missing.
"""

import datetime as dt
import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from onego.accounts.models import Department, User
from onego.accounts.services import ensure_role_groups
from onego.core import audit
from onego.demo import accounts as demo
from onego.demo import (
    catalogue,
    centres,
    prereview_seed,
    ratings_seed,
    robot_scripts,
    shared_records,
    spot_seed,
    stars_seed,
    workorders_seed,
)
from onego.demo import policies as policy_demo
from onego.demo.licence_types import seed_licence_types
from onego.demo.vertical_system import store as standin_store
from onego.registry import geo
from onego.registry.models import MarketEntity, Person


class Command(BaseCommand):
    help = "Load (or refresh) the Baiyun District demo departments, users and shared data. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            action="store_true",
            help="Also load a quarter of window work for the service stars (make run; about a second).",
        )

    def handle(self, *args, **options):
        demo.refuse_in_production()
        call_command("seed_holidays", verbosity=0)
        with transaction.atomic():
            ensure_role_groups()
            departments = self._departments()
            for name, id_number in demo.DEMO_PERSONS:
                Person.objects.update_or_create(
                    id_number=id_number, defaults={"name": name, "source": "demo"}
                )
            for row in demo.DEMO_ENTERPRISES:
                values = {k: v for k, v in row.items() if k != "credit_code"}
                MarketEntity.objects.update_or_create(
                    credit_code=row["credit_code"], defaults={**values, "source": "demo"}
                )
            created = self._users(departments)
            centres.seed_centres(departments)
            for address, latitude, longitude in demo.DEMO_ADDRESS_POINTS:
                geo.add_point(address, latitude, longitude, source="demo")
            # health certificates, household, marriage and social-insurance records (免提交 checks them)
            shared_records.seed_shared_records(timezone.localdate())
            audit.record(
                "system:seed_demo",
                "demo.seeded",
                object_type="demo",
                object_id="baiyun",
                users_created=created,
                departments=len(departments),
            )
        catalog_counts = catalogue.load_catalogue().counts
        licences = self._licences(departments)
        # seed case 9: tickets in the district centre's queue, pad keys, three bad reviews with their work
        # orders, and the spot checks' matters, registers and the licences they draw from
        ratings_seed.seed_ratings()
        workorders_seed.seed_work_orders()
        spot_seed.seed_spot_checks()
        stars_seed.seed_scheme()
        if options["history"]:
            # the previous quarter's visits, ratings, complaints and entered scores of 16 window staff, so the
            # stars' draft ranking has something to rank (the tests build their own worlds)
            stars_seed.seed_stars()
        policies = policy_demo.seed()
        prereview = prereview_seed.seed()
        host = os.environ.get("HOST", "127.0.0.1")
        standin = f"http://{host}:{os.environ.get('STANDIN_PORT', '8100')}"
        robot_scripts.seed_robots(standin, standin_store.DEFAULT_USERNAME, standin_store.DEFAULT_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(departments)} departments, {created} new users, "
                f"{_total(catalog_counts['items'])} catalogue items, {_total(catalog_counts['bundles'])} bundles, "
                f"{licences} demo e-licences, {policies['policies']} policies, {policies['facts']} enterprise facts, "
                f"{prereview['schemes']} subsidy schemes, robots for the stand-in system at {standin}"
            )
        )

    def _departments(self) -> dict[str, Department]:
        out: dict[str, Department] = {}
        for d in demo.DEPARTMENTS:
            dept, _ = Department.objects.update_or_create(
                credit_code=demo.DEPARTMENT_CODES[d.key],
                defaults={
                    "name": d.name,
                    "short_name": d.short_name,
                    "short_name_en": d.short_name_en,
                    "name_en": d.name_en,
                    "level": d.level,
                    "hosts_comprehensive_window": d.hosts_comprehensive_window,
                    "parent": out.get(d.parent_key) if d.parent_key else None,
                    "is_demo_code": True,
                },
            )
            out[d.key] = dept
        return out

    def _licences(self, departments: dict[str, Department]) -> int:
        """Licence types, one SM2 key per issuing department and for the service centre (it signs archive
        manifests), the cached CJK font, and a business licence for each demo enterprise (so that reuse, 免提交,
        can be tried at once). Returns how many demo licences were issued now."""
        from onego.certificates import render
        from onego.certificates.models import Licence, LicenceType
        from onego.certificates.services import issue_licence

        types = seed_licence_types()
        signers = {t.issuing_department.credit_code for t in types}
        signers |= {d.credit_code for d in departments.values() if d.hosts_comprehensive_window}
        call_command("make_signing_key", *sorted(signers), "--if-missing", verbosity=0)
        render.warm_font_cache()
        business = LicenceType.objects.get(key="business_licence")
        issued = 0
        for row in demo.DEMO_ENTERPRISES:
            if Licence.objects.filter(licence_type=business, holder_code=row["credit_code"]).exists():
                continue
            data = {
                "entity_type": row.get("entity_type", ""),
                "legal_representative": row.get("legal_representative", ""),
                "established_on": str(row.get("established_on", "")),
                "premises_address": row.get("address", ""),
                "business_scope": row.get("business_scope", ""),
            }
            issue_licence(
                licence_type=business,
                holder_name=row["name"],
                holder_code=row["credit_code"],
                data={k: v for k, v in data.items() if v},
                actor="system:seed_demo",
                issue_date=dt.date.fromisoformat(row["established_on"])
                if row.get("established_on")
                else None,
            )
            issued += 1
        return issued

    def _users(self, departments: dict[str, Department]) -> int:
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_totp.models import TOTPDevice

        created = 0
        for index, u in enumerate(demo.USERS):
            user, was_created = User.objects.get_or_create(username=u.username)
            user.phone = user.phone or f"1380020{index:04d}"  # demo numbers, never real ones
            user.real_name = u.real_name
            user.id_number = u.id_number
            user.department = departments.get(u.department_key) if u.department_key else None
            user.enterprise_credit_code = u.enterprise_credit_code
            user.enterprise_name = u.enterprise_name
            # The policy officer edits policies, versions and parameters in the admin (issue 7).
            user.is_staff = u.role in ("administrator", "policy_officer")
            user.is_superuser = u.role == "administrator"
            user.identity_source = "demo"
            if was_created:
                user.set_password(demo.DEMO_PASSWORD)
                created += 1
            user.save()
            user.groups.set([Group.objects.get(name=u.role.value)])
            if u.role in ("administrator", "policy_officer"):
                TOTPDevice.objects.get_or_create(
                    user=user, name="demo", defaults={"key": demo.DEMO_ADMIN_TOTP_HEX, "confirmed": True}
                )
        return created


def _total(counts: dict[str, int]) -> int:
    """How many of a kind the catalogue file holds (created, updated or unchanged by this run)."""
    return sum(counts.values())
