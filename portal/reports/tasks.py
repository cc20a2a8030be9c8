"""Celery task of the reports: a thin wrapper that loads by id and calls the service."""

from __future__ import annotations

from celery import shared_task

from portal.tasking import ScopedTask


@shared_task(
    base=ScopedTask,
    name="reports.render_quarterly_report",
    scope_model="reports.QuarterlyReport",
    scope_arg="report_id",
    soft_time_limit=300,
    time_limit=360,
)
def render_quarterly_report_task(*, report_id: int) -> str:
    from portal.reports.services import render_quarterly_report

    return render_quarterly_report(report_id=report_id).status
