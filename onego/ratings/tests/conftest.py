"""Fixtures of the ratings tests: the cases test world with a service centre, windows and clerks."""

from __future__ import annotations

import pytest

from onego.cases.tests import factories as f
from onego.cases.tests.queue_world import QueueWorld, queue_world


@pytest.fixture
def q(db, tmp_path, settings) -> QueueWorld:
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = str(tmp_path)
    settings.ONEGO_PUBLIC_BASE_URL = f.PUBLIC_BASE_URL
    load_from_chinesecalendar()
    return queue_world(f.world())
