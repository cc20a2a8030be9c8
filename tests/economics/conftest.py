from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""


@pytest.fixture
def run_on_commit(commit_per_request):
    """Each request behaves as in production (see tests/conftest.py: commit_per_request)."""
