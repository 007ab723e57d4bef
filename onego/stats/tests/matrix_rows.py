"""The dashboard's routes in the staff-write matrix (onego/portal/tests/matrix.py): reads only. Who may read
them is tested in test_dashboard.py (department heads and supervisors; everyone else refused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from onego.portal.tests.matrix import Write

WRITES: dict[str, Write] = {}
NOT_STAFF_WRITES: dict[str, str] = {
    "stats:dashboard": "reads only (GET)",
    "stats:export": "reads only (GET)",
}
WORLDS: dict[str, Callable[[], Any]] = {}
