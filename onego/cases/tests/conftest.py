"""Fixtures of the cases tests. Plain builders (the world, a submitted case, what a form posts) live in
`factories.py`; the fixtures here add what a test needs around them: the working-day calendar and a media
directory of its own."""

from __future__ import annotations

import pytest

from onego.cases.tests import factories as f


@pytest.fixture
def w(db, tmp_path, settings) -> f.World:
    """`factories.world()`, the working-day calendar loaded, uploaded files kept under the test's tmp_path."""
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = str(tmp_path)
    load_from_chinesecalendar()
    return f.world()


@pytest.fixture
def window_world(db, tmp_path, settings) -> f.WindowWorld:
    """`factories.window_world()` (the service hall's items and a stranger), the calendar loaded, receipts
    carrying the public address `factories.PUBLIC_BASE_URL`."""
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = str(tmp_path)
    settings.ONEGO_PUBLIC_BASE_URL = f.PUBLIC_BASE_URL
    load_from_chinesecalendar()
    return f.window_world()
