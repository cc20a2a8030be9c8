"""The Celery app of the fault tests' worker subprocess: the portal's app, plus a stall.

Started by tests/faults/conftest.py as `celery -A tests.faults.slow_worker worker`. When the test
puts a file named `stall-next-render` into FAULTS_CONTROL_DIR, the next PDF render in a pool
process takes it (a rename: only one process can), writes its pid into the name
(`stalled-<pid>`) and sleeps, so that the test can kill exactly that process mid-render. Every
other render runs normally. Nothing else differs from production.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery.signals import worker_process_init

from portal.celery import app

__all__ = ["app"]

STALL_SECONDS = 120  # far longer than any test waits: the process is meant to be killed


def _stall_when_asked(render: Callable[..., bytes]) -> Callable[..., bytes]:
    @functools.wraps(render)
    def render_or_stall(*args: Any, **kwargs: Any) -> bytes:
        control = Path(os.environ["FAULTS_CONTROL_DIR"])
        try:
            (control / "stall-next-render").rename(control / f"stalled-{os.getpid()}")
        except FileNotFoundError:
            return render(*args, **kwargs)
        time.sleep(STALL_SECONDS)
        raise RuntimeError("the stalled render was not killed")

    return render_or_stall


@worker_process_init.connect
def _wrap_the_renderers(**kwargs: Any) -> None:
    """In each pool process (Django is set up by then): both document kinds' render entry points.

    The services import these at call time, so replacing the module attributes reaches them.
    """
    import assessments.pdf
    import portal.pdf

    assessments.pdf.render_report_pdf = _stall_when_asked(assessments.pdf.render_report_pdf)
    portal.pdf.render_pdf = _stall_when_asked(portal.pdf.render_pdf)
