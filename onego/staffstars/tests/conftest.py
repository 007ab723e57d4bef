"""Fixtures of the stars' tests: the demo (users, departments, centres) with a quarter of window work seeded
by onego.demo.stars_seed, on a frozen clock (2026-07-15: the quarter ranked is 2026 Q2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from onego.demo import stars_seed

CST = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.datetime(2026, 7, 15, 10, 0, tzinfo=CST)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def stars(demo, frozen, settings, tmp_path) -> stars_seed.StarsWorld:
    settings.MEDIA_ROOT = str(tmp_path)
    return stars_seed.seed_stars(2026, 2)
