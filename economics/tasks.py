"""Celery tasks of economic evaluations: thin wrappers that load by id and call a service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from portal.celery import app
from portal.tasking import PortalTask, ScopedTask

SWEEP_EVERY_SECONDS = 300.0


@shared_task(
    base=ScopedTask,
    name="economics.render_report",
    scope_model="economics.EvaluationReport",
    scope_arg="report_id",
    soft_time_limit=120,
    time_limit=180,
)
def render_report_task(*, report_id: int) -> str:
    from economics.services import render_report

    return render_report(report_id=report_id).status


@shared_task(base=PortalTask, name="economics.resend_stuck_reports")
def resend_stuck_reports() -> int:
    """Beat job: re-enqueue evaluation PDFs left pending (or whose render was lost)."""
    from economics.models import EvaluationReport
    from portal.documents import resend_stuck

    return resend_stuck(EvaluationReport, render_report_task)


@app.on_after_finalize.connect
def setup_periodic(sender: Any, **kwargs: Any) -> None:
    sender.add_periodic_task(
        SWEEP_EVERY_SECONDS, resend_stuck_reports.s(), name="economics.resend_stuck_reports"
    )
