"""Celery tasks of the readiness check: thin wrappers that load by id and call a service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from portal.celery import app
from portal.tasking import PortalTask, ScopedTask

SWEEP_EVERY_SECONDS = 300.0


@shared_task(
    base=ScopedTask,
    name="assessments.render_report",
    scope_model="assessments.Report",
    scope_arg="report_id",
    soft_time_limit=120,
    time_limit=180,
)
def render_report_task(*, report_id: int) -> str:
    from assessments.services import render_report

    return render_report(report_id=report_id).status


@shared_task(base=PortalTask, name="assessments.resend_stuck_reports")
def resend_stuck_reports() -> int:
    """Beat job: re-enqueue reports left pending (or whose render was lost); returns how many."""
    from assessments.models import Report
    from portal.documents import resend_stuck

    return resend_stuck(Report, render_report_task)


@app.on_after_finalize.connect
def setup_periodic(sender: Any, **kwargs: Any) -> None:
    sender.add_periodic_task(
        SWEEP_EVERY_SECONDS, resend_stuck_reports.s(), name="assessments.resend_stuck_reports"
    )
