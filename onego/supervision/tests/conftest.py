from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

CST = timezone.get_fixed_timezone(480)
# A working Monday, after the demo's credit record (2026-03-02) and with National Day ahead
MONDAY = dt.datetime(2026, 9, 14, 10, 0, tzinfo=CST)


@pytest.fixture
def spot(demo):
    """The demo with its spot-check matters, inspectors, recusal and licence holders, on a frozen Monday."""
    from onego.demo.spot_seed import seed_spot_checks

    with time_machine.travel(MONDAY, tick=False):
        seed_spot_checks()
        yield
