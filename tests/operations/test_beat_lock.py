"""Exactly one beat: a second one waits for the lock in the broker's Redis, then takes over."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from portal.operations.beat import LOCK_KEY, BeatLock
from portal.operations.config import broker_url_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def broker(redis_url):
    client = redis.Redis.from_url(broker_url_for(redis_url))
    client.delete(LOCK_KEY)
    yield client
    client.delete(LOCK_KEY)


def test_second_lock_is_refused_while_the_first_is_held(broker):
    first, second = BeatLock(broker, ttl=30), BeatLock(broker, ttl=30)
    assert first.try_acquire()
    assert not second.try_acquire()
    assert second.holder() == first.token
    first.release()
    assert second.try_acquire()


def test_a_beat_whose_lock_was_taken_over_stops(broker):
    first, second = BeatLock(broker, ttl=30), BeatLock(broker, ttl=30)
    assert first.try_acquire()
    broker.delete(LOCK_KEY)  # expired while the first beat hung
    assert second.try_acquire()
    with pytest.raises(SystemExit):
        first.renew()
    second.renew()  # the holder keeps it
    assert second.holder() == second.token


def test_a_beat_that_cannot_confirm_its_lock_for_a_ttl_stops():
    nobody = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    lock = BeatLock(nobody, ttl=1)
    lock.confirmed_at = time.monotonic()
    lock.renew()  # one missed renewal is tolerated
    lock.confirmed_at = time.monotonic() - 2
    with pytest.raises(SystemExit):
        lock.renew()


def _start_beat(tmp_path: Path, name: str, redis_url: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "PORTAL_VAR_DIR": str(tmp_path / "var"),  # one schedule file for both, as in compose
        "CELERY_BEAT_LOCK_TTL": "3",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "LOG_FORMAT": "text",
    }
    env.pop("DATABASE_URL", None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, log


def _wait_for(log: Path, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{log.name}: no {text!r} within {timeout} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_two_beat_processes_one_sends_the_other_waits_and_takes_over(tmp_path, broker, redis_url):
    (tmp_path / "var").mkdir()
    first, first_log = _start_beat(tmp_path, "first", redis_url)
    second = None
    try:
        _wait_for(first_log, "beat: lock taken", 30)
        second, second_log = _start_beat(tmp_path, "second", redis_url)
        _wait_for(second_log, "another beat holds the lock", 30)
        assert "beat: lock taken" not in second_log.read_text()
        _stop(first)  # SIGKILL: no release, the lock has to expire (TTL 3 s)
        _wait_for(second_log, "beat: lock taken", 15)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
