"""Shared pytest fixtures for the whole suite."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db):
    """The Baiyun demo departments, users (one per role) and registry rows, as `make run` loads them."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    from onego.accounts import demo as demo_data

    return demo_data
