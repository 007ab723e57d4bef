"""The rating capture's rows of the staff-write matrix: none is a staff write. The pad and the token link are
public (the window's pad key, the token; tests in test_pad.py and test_rate_rules.py); rating a case is the
applicant's own write."""

from __future__ import annotations

from typing import Any

from onego.portal.tests.matrix import Write

WRITES: dict[str, Write] = {}
NOT_STAFF_WRITES = {
    "ratings:pad": "reads only (GET)",
    "ratings:pad_state": "reads only (GET)",
    "ratings:pad_rate": "public: the window's rating pad, by its key (tests in ratings/tests/test_pad.py)",
    "ratings:rate": "public: a token link to rate (tests in ratings/tests/test_rate_rules.py)",
    "ratings:rate_case": "an applicant's own write (tests in ratings/tests/test_rate_rules.py)",
}
WORLDS: dict[str, Any] = {}
