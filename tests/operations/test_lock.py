"""The lock files: the image and CI insist that they match pyproject.toml; a developer is warned."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path):
    (tmp_path / "requirements").mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for name in ("lock.py", "base.lock", "dev.lock"):
        shutil.copy(ROOT / "requirements" / name, tmp_path / "requirements")
    return tmp_path


def _lock(checkout: Path, action: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "requirements/lock.py", action],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )


def _add_dependency(checkout: Path) -> None:
    pyproject = checkout / "pyproject.toml"
    text = pyproject.read_text().replace(
        "dependencies = [\n", 'dependencies = [\n    "some-new-package>=1",\n', 1
    )
    pyproject.write_text(text)


def test_a_lock_matching_pyproject_passes(checkout):
    # Stamp this copy's locks with the current digest, whatever state the branch's own are in.
    digest = subprocess.run(
        [sys.executable, "-c", "import lock; print(lock.digest())"],
        cwd=checkout / "requirements",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    for name in ("base.lock", "dev.lock"):
        lock = checkout / "requirements" / name
        rest = lock.read_text().split("\n", 1)[1]
        lock.write_text(f"# pyproject-sha256: {digest}\n{rest}")
    result = _lock(checkout, "check")
    assert result.returncode == 0, result.stderr


def test_a_new_dependency_fails_the_check_naming_make_lock(checkout):
    _add_dependency(checkout)
    result = _lock(checkout, "check")
    assert result.returncode == 1
    assert "run `make lock`" in result.stderr
    assert "requirements/base.lock" in result.stderr


def test_a_developer_is_only_warned(checkout):
    _add_dependency(checkout)
    result = _lock(checkout, "warn")
    assert result.returncode == 0
    assert "Warning" in result.stdout
    assert "make lock" in result.stdout


def test_a_reformatted_pyproject_keeps_the_lock_valid(checkout):
    before = _lock(checkout, "check").returncode
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n# a comment changes nothing locked\n")
    assert _lock(checkout, "check").returncode == before


def test_the_image_installs_the_locked_versions_by_hash():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "RUN python requirements/lock.py check" in dockerfile
    assert "--require-hashes" in dockerfile
    assert "--requirement requirements/base.lock" in dockerfile


def test_ci_installs_the_locked_versions():
    ci = (ROOT / ".ci/run").read_text()
    assert ci.index("make lock-check") < ci.index("make install-locked") < ci.index("make test")
