"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from tests.security.world import World, build_world


@pytest.fixture(autouse=True)
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    """Tenants A and B with a row of every kind (tests/security/world.py)."""
    return build_world()  # MEDIA_ROOT is the test's tmp_path already (above)
