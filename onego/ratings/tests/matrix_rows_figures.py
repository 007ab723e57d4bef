"""The figures' rows of the staff-write matrix (onego/portal/tests/test_staff_write_matrix.py): its pages only
read; who may read which figures is tested in test_statistics_pages.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from onego.portal.tests.matrix import Write

WRITES: dict[str, Write] = {}
NOT_STAFF_WRITES: dict[str, str] = {
    "ratings:figures": "reads only (GET)",
    "ratings:figures_csv": "reads only (GET)",
    "ratings:public": "public",
}
WORLDS: dict[str, Callable[[], Any]] = {}
