"""Exactly one beat: a second one waits for a lock in the broker's Redis.

Every beat sends every periodic job; two would send each twice. Compose runs one beat, but a
redeploy, a `--scale beat=2` or a second host can start another. `LockedScheduler` takes a lock
before it opens its schedule and renews it on every tick; a second beat waits, logging who holds
the lock, and takes over within CELERY_BEAT_LOCK_TTL seconds after the first one stops or dies.
A beat that cannot confirm its lock for a whole TTL (Redis gone, or the lock taken over after
an outage) stops instead of sending twice; its restart policy brings it back as a waiting beat.

Set as `beat_scheduler` when the broker is Redis (portal/settings.py). The jobs are idempotent
anyway (design §6); the lock keeps the second copy from being the normal case.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import Any

from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "portal:celery-beat:lock"


class BeatLock:
    def __init__(self, client: Any, ttl: int, key: str = LOCK_KEY) -> None:
        self.client = client
        self.ttl = ttl
        self.key = key
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.confirmed_at = 0.0
        self.held = False

    def try_acquire(self) -> bool:
        if self.client.set(self.key, self.token, nx=True, ex=self.ttl):
            self.confirmed_at = time.monotonic()
            self.held = True
            return True
        return False

    def holder(self) -> str:
        value = self.client.get(self.key)
        return value.decode() if value else "nobody"

    def acquire_waiting(self, poll: float = 2.0, log_every: float = 60.0) -> None:
        """Block until this beat holds the lock; say every `log_every` s who holds it."""
        logged_at = -log_every
        while not self.try_acquire():
            if time.monotonic() - logged_at >= log_every:
                logger.warning(
                    "beat: another beat holds the lock (%s); waiting to take over", self.holder()
                )
                logged_at = time.monotonic()
            time.sleep(poll)
        logger.info("beat: lock taken (%s); sending the periodic jobs", self.token)

    # Renew only if the value is still ours: compare and extend in one step.
    _RENEW = (
        "if redis.call('get', KEYS[1]) == ARGV[1] then "
        "return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end"
    )

    def renew(self) -> None:
        """Extend the lock; raise SystemExit when it is lost or unconfirmed for a whole TTL."""
        try:
            renewed = self.client.eval(self._RENEW, 1, self.key, self.token, self.ttl)
        except Exception as error:
            if time.monotonic() - self.confirmed_at > self.ttl:
                logger.error("beat: lock unconfirmed for %ss (%s); stopping", self.ttl, error)
                raise SystemExit(1) from error
            logger.warning("beat: lock not renewed this time: %s", type(error).__name__)
            return
        if not renewed and not self.try_acquire():
            logger.error("beat: lock lost to %s; stopping, so one beat runs", self.holder())
            raise SystemExit(1)
        self.confirmed_at = time.monotonic()

    def release(self) -> None:
        release = (
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"
        )
        self.held = False
        try:
            self.client.eval(release, 1, self.key, self.token)
        except Exception as error:
            logger.warning("beat: lock not released (%s); it expires by itself", error)


_process_lock: BeatLock | None = None


def process_lock() -> BeatLock:
    """One lock per beat process: Celery builds the scheduler more than once (banner, run)."""
    global _process_lock
    if _process_lock is None or not _process_lock.token.startswith(
        f"{socket.gethostname()}:{os.getpid()}:"
    ):
        import redis

        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=5, socket_timeout=5
        )
        _process_lock = BeatLock(client, ttl=settings.CELERY_BEAT_LOCK_TTL)
    return _process_lock


class LockedScheduler(PersistentScheduler):
    """PersistentScheduler that first waits for the beat lock (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.beat_lock = process_lock()
        # Before the schedule file is opened: a waiting beat must not touch it.
        if not self.beat_lock.held:
            self.beat_lock.acquire_waiting()
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        self.beat_lock.renew()
        interval = super().tick(*args, **kwargs)
        # Wake up often enough to renew the lock well before it expires.
        return min(interval, self.beat_lock.ttl / 3)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.beat_lock.release()
