"""A real Celery worker in a subprocess, on the real Redis and the pytest PostgreSQL database.

Each test module gets its own worker (`WORKER_CONCURRENCY` in the module, default 1; prefork
pool), started from tests/faults/slow_worker.py with:
- DATABASE_URL built from the test database's settings (transaction=True tests commit, so the
  worker sees the rows),
- REDIS_URL of the test run (broker and cache),
- a temporary MEDIA_ROOT and a file-based e-mail directory, read back by the test.
The worker is stopped, and its whole process group killed, when the module ends.
"""

from __future__ import annotations

import contextlib
import email
import email.header
import email.message
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from portal.celery import app as celery_app
from portal.operations.config import broker_url_for
from tests.conftest import TEST_DB_ROLE, reachable_redis_url, require_service, uses_postgres

ROOT = Path(django_settings.BASE_DIR)
# kombu's Redis transport: the default queue (plus its priority lists) and the messages a
# worker has taken but not acknowledged yet (acks_late: until the task has finished).
QUEUE_KEYS = ("celery", "celery\x06\x163", "celery\x06\x166", "celery\x06\x169")
UNACKED_KEYS = ("unacked", "unacked_index")


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class FaultWorker:
    def __init__(self, *, base: Path, redis_url: str, concurrency: int) -> None:
        self.redis_url = redis_url
        # The worker derives its broker from REDIS_URL as the portal does: another database of
        # the same Redis (portal/operations/config.py). The queue lives there.
        self.broker_url = broker_url_for(redis_url, os.environ.get("CELERY_BROKER_URL", ""))
        self.redis = redis.Redis.from_url(self.broker_url)
        self.media = base / "media"
        self.mail = base / "mail"
        self.control = base / "control"
        self.log = base / "worker.log"
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    # --- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        for folder in (self.media, self.mail, self.control):
            folder.mkdir(parents=True, exist_ok=True)
        # Nothing left from other tests on this Redis db may reach this worker.
        self.redis.delete(*QUEUE_KEYS, *UNACKED_KEYS)
        db = connection.settings_dict
        database_url = (
            f"postgres://{quote(db['USER'] or '')}:{quote(str(db['PASSWORD'] or ''))}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(self.media),
            "EMAIL_URL": f"filemail:///{self.mail}",  # environ drops one leading slash
            "FAULTS_CONTROL_DIR": str(self.control),
            "CONN_MAX_AGE": "0",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        if TEST_DB_ROLE:  # the worker, too, runs as the app's role (row-level security holds)
            env["PGOPTIONS"] = f"-c role={TEST_DB_ROLE}"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.faults.slow_worker",
            "worker",
            "--pool=prefork",
            f"--concurrency={self.concurrency}",
            f"--hostname=faults-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
        with self.log.open("wb") as log:
            # A session of its own, so that teardown can end the pool processes with it.
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_for(self._ready, 60, "the worker to start")
        except AssertionError:
            self.stop()
            raise AssertionError(f"the worker did not start:\n{self.log_text()}") from None

    def _ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the worker exited:\n{self.log_text()}")
        return " ready." in self.log_text()

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.terminate()  # warm shutdown: the main process ends its pool
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of its session
        process.wait(timeout=10)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    # --- what the tests read and do -------------------------------------------------------
    def reset(self) -> None:
        """Between tests: no mails, files or stall requests of an earlier test."""
        for folder in (self.media, self.mail, self.control):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)

    def is_idle(self) -> bool:
        """No message waiting and none taken but unfinished (acks_late)."""
        return not any(self.redis.llen(key) for key in QUEUE_KEYS) and not self.redis.exists(
            *UNACKED_KEYS
        )

    def wait_until_idle(self, timeout: float = 30) -> None:
        """Idle for half a second in a row (a message is briefly in neither list when taken)."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            if self.is_idle():
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= 0.5:
                    return
            else:
                idle_since = None
            time.sleep(0.05)
        raise AssertionError(f"the worker is still busy after {timeout:.0f} s:\n{self.log_text()}")

    def mails(self) -> Iterator[email.message.Message]:
        """The messages sent (Django's file backend: one file per connection, 79 dashes
        between messages)."""
        for path in sorted(self.mail.glob("*.log")):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    yield email.message_from_bytes(chunk.strip())

    def mails_to(self) -> Counter:
        """How many messages each address got."""
        return Counter(message["To"] for message in self.mails())

    def mail_subjects(self) -> list[str]:
        return [
            str(email.header.make_header(email.header.decode_header(message["Subject"])))
            for message in self.mails()
        ]

    def stored_files(self) -> list[Path]:
        return sorted(p for p in self.media.rglob("*") if p.is_file())

    def stall_next_render(self) -> None:
        (self.control / "stall-next-render").touch()

    def kill_stalled_render(self, timeout: float = 60) -> int:
        """Wait until a pool process has started the stalled render, then SIGKILL it."""
        stalled = wait_for(
            lambda: list(self.control.glob("stalled-*")), timeout, "a render to start"
        )
        pid = int(stalled[0].name.removeprefix("stalled-"))
        os.kill(pid, signal.SIGKILL)
        return pid


@pytest.fixture(scope="module")
def fault_worker(
    request: pytest.FixtureRequest, django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FaultWorker]:
    require_service("PostgreSQL", uses_postgres())
    worker = FaultWorker(
        base=tmp_path_factory.mktemp("fault-worker"),
        redis_url=reachable_redis_url(),
        concurrency=getattr(request.module, "WORKER_CONCURRENCY", 1),
    )
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def forget_broker_connections() -> None:
    """Connections and producers are pooled for the broker URL they were made for."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(fault_worker: FaultWorker, settings, monkeypatch) -> Iterator[FaultWorker]:
    """This test's process sends to the module's worker and reads the same media folder."""
    fault_worker.reset()
    settings.MEDIA_ROOT = fault_worker.media
    monkeypatch.setitem(celery_app.conf, "broker_url", fault_worker.broker_url)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    forget_broker_connections()
    try:
        yield fault_worker
        fault_worker.wait_until_idle()  # nothing of this test may run into the next one
    finally:
        forget_broker_connections()
