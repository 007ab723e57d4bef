"""Fixtures of the dashboard's tests: the cases tests' world (two departments, a simple item, a bundle), the
working-day calendar, and a service centre with two windows."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from onego.accounts.models import ServiceCentre, Window
from onego.cases.tests import factories as f


@dataclass
class StatsWorld:
    w: f.World
    hall: ServiceCentre
    window1: Window
    window2: Window


@pytest.fixture
def sw(db, tmp_path, settings) -> StatsWorld:
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = str(tmp_path)
    load_from_chinesecalendar()
    w = f.world()
    hall = ServiceCentre.objects.create(code="hall", name="测试服务中心", department=w.centre)
    return StatsWorld(
        w=w,
        hall=hall,
        window1=Window.objects.create(centre=hall, number=1, clerk=w.clerk),
        window2=Window.objects.create(centre=hall, number=2),
    )
