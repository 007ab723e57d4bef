"""Fixtures of the prereview tests: the demo's subsidy items, schemes, rules and the subsidy world's shared
data, with uploaded files kept under the test's tmp_path."""

from __future__ import annotations

import pytest

from onego.demo import subsidy_world


@pytest.fixture
def subsidy_demo(db, settings, tmp_path) -> subsidy_world.World:
    """The demo catalogue (its departments first), the five schemes with their rules, and the default
    20-claim world loaded as shared data; returns the world."""
    from onego.accounts.models import Department
    from onego.accounts.services import ensure_role_groups
    from onego.core.calendar import load_from_chinesecalendar
    from onego.demo import catalogue, prereview_seed
    from onego.demo.accounts import DEPARTMENT_CODES, DEPARTMENTS

    settings.MEDIA_ROOT = str(tmp_path)
    load_from_chinesecalendar()
    ensure_role_groups()
    for d in DEPARTMENTS:
        Department.objects.get_or_create(
            credit_code=DEPARTMENT_CODES[d.key],
            defaults={
                "name": d.name,
                "short_name": d.short_name,
                "is_demo_code": True,
                "hosts_comprehensive_window": d.hosts_comprehensive_window,
            },
        )
    catalogue.load_catalogue()
    world = subsidy_world.build_world()
    prereview_seed.seed_schemes()
    prereview_seed.seed_world(world)
    return world
