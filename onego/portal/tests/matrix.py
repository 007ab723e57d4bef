"""The row type of the staff-write matrix (test_staff_write_matrix.py), shared with the rows each later app
keeps beside its own tests (`onego/<app>/tests/matrix_rows.py`, listed in ROW_MODULES there): a module of rows
defines WRITES (route → Write), NOT_STAFF_WRITES (route → why it is not a staff write) and WORLDS (world name
→ a function that builds it; it runs inside the test with the demo loaded)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Write:
    world: str  # "cases", "policies", "objection" or "batch"
    allowed: frozenset[str]  # who passes the authorisation; every other role is refused
    request: Callable[[Any], tuple[str, dict[str, Any]]]  # (url, form or JSON body) in the world
    state: Callable[[Any], Any]  # what a write would change
    api: bool = False
    changes: bool = True  # the allowed role's request (as sent here) stores something
