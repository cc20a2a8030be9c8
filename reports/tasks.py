"""Celery tasks of the reports: thin wrappers that load by id and call the service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from portal.celery import app
from portal.tasking import PortalTask, ScopedTask

SWEEP_EVERY_SECONDS = 300.0


@shared_task(
    base=ScopedTask,
    name="reports.render_quarterly_report",
    scope_model="reports.QuarterlyReport",
    scope_arg="report_id",
    soft_time_limit=300,
    time_limit=360,
)
def render_quarterly_report_task(*, report_id: int) -> str:
    from reports.services import render_quarterly_report

    return render_quarterly_report(report_id=report_id).status


@shared_task(base=PortalTask, name="reports.resend_stuck_quarterly_reports")
def resend_stuck_quarterly_reports() -> int:
    """Beat job: re-enqueue quarterly reports left pending (the broker was down at commit) or
    whose render was lost; returns how many."""
    from portal.documents import resend_stuck
    from reports.models import QuarterlyReport

    return resend_stuck(QuarterlyReport, render_quarterly_report_task)


@app.on_after_finalize.connect
def setup_periodic(sender: Any, **kwargs: Any) -> None:
    sender.add_periodic_task(
        SWEEP_EVERY_SECONDS,
        resend_stuck_quarterly_reports.s(),
        name="reports.resend_stuck_quarterly_reports",
    )
