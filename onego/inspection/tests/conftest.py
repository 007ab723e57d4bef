"""Fixtures of the inspection tests; the builders they use live in `factories.py`."""

from __future__ import annotations

import pytest

from onego.accounts.models import User
from onego.inspection.tests.factories import PREMISES, PREMISES_ADDRESS, food_case
from onego.registry import geo


@pytest.fixture
def case(demo, settings, tmp_path):
    """The demo enterprise's food-licence case (commitment with premises videos), its premises in the address
    register, files kept under the test's tmp_path."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEGO_VAR_DIR = tmp_path
    settings.VAR_DIR = tmp_path
    geo.add_point(PREMISES_ADDRESS, *PREMISES, source="test")
    return food_case(User.objects.get(username="enterprise"))
