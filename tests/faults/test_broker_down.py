"""A report requested while Redis is down is sent by the beat sweeper once Redis is back
(issue #7, item 7).

The web side reaches Redis through a TCP proxy (tests/faults/proxy.py); stopping the proxy is the
outage. The worker subprocess talks to Redis directly, as a worker on another host would.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db.models import F
from django.urls import reverse

from assessments.models import Report
from assessments.tasks import resend_stuck_reports
from portal.celery import app as celery_app
from portal.documents import PENDING_GRACE
from portal.models import Membership
from portal.tenancy import partner_scope, unscoped
from reports import services as report_services
from reports.models import QuarterlyReport
from reports.tasks import resend_stuck_quarterly_reports
from tests.access import client_for
from tests.assessments.factories import completed, sme_user
from tests.factories import MembershipFactory
from tests.faults.conftest import FaultWorker, forget_broker_connections, wait_for
from tests.faults.proxy import TcpProxy

WORKER_CONCURRENCY = 1


@pytest.fixture
def broker_proxy(worker: FaultWorker, monkeypatch):
    """The test process's broker URL points at a proxy in front of the worker's Redis."""
    real = urlsplit(worker.broker_url)
    proxy = TcpProxy(real.hostname or "127.0.0.1", real.port or 6379)
    proxy.start()
    monkeypatch.setitem(
        celery_app.conf,
        "broker_url",
        urlunsplit(real._replace(netloc=f"127.0.0.1:{proxy.port}")),
    )
    forget_broker_connections()
    try:
        yield proxy
    finally:
        proxy.stop()
        forget_broker_connections()


def _status(model, pk: int) -> str:
    with unscoped("test: read the document row"):
        return model.objects.get(pk=pk).status


def _two_minutes_pass(model, pk: int) -> None:
    """The sweeper leaves fresh pending rows alone (their message may still be queued)."""
    with unscoped("test: let time pass for the sweeper's grace period"):
        model.objects.filter(pk=pk).update(
            requested_at=F("requested_at") - PENDING_GRACE - timedelta(seconds=1)
        )


def _sweep_until_ready(worker: FaultWorker, sweeper, model, pk: int) -> None:
    sweeper.delay()  # what beat sends every SWEEP_EVERY_SECONDS, now through the proxy
    wait_for(lambda: _status(model, pk) == model.Status.READY, 60, f"{model.__name__} ready")
    worker.wait_until_idle()


@pytest.mark.django_db(transaction=True)
def test_a_report_requested_while_redis_is_down_is_sent_by_the_sweeper(
    worker, broker_proxy, caplog, questionnaire
):
    user = sme_user()
    assessment, _result = completed(user, level=2)
    client = client_for(user)
    broker_proxy.stop()  # Redis is gone for the web process

    response = client.post(
        reverse("assessments:report_request", kwargs={"pk": assessment.pk}), {"language": "en"}
    )

    assert response.status_code == 302  # the user's request succeeded
    assert "assessments.render_report: send to the broker" in caplog.text  # logged, not raised
    with unscoped("test"):
        report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.PENDING
    worker.wait_until_idle()
    assert worker.is_idle()  # the message never reached Redis
    assert _status(Report, report.pk) == Report.Status.PENDING

    broker_proxy.start()  # Redis is back
    resend_stuck_reports.delay()  # a sweep right away leaves the fresh row to its message
    worker.wait_until_idle()
    assert _status(Report, report.pk) == Report.Status.PENDING
    _two_minutes_pass(Report, report.pk)
    _sweep_until_ready(worker, resend_stuck_reports, Report, report.pk)

    assert worker.mails_to() == {user.email: 1}
    assert len(worker.stored_files()) == 1
    resend_stuck_reports.delay()  # a later sweep finds nothing left to do
    worker.wait_until_idle()
    assert worker.mails_to() == {user.email: 1}


@pytest.mark.django_db(transaction=True)
def test_a_quarterly_report_requested_while_redis_is_down_is_sent_by_its_sweeper(
    worker, broker_proxy
):
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN).user
    partner = admin.partner_memberships()[0].partner
    broker_proxy.stop()
    with partner_scope(partner):
        report = report_services.request_quarterly_report(
            actor=admin, partner=partner, consortium=False, year=2025, quarter=1, language="en"
        )
    assert _status(QuarterlyReport, report.pk) == QuarterlyReport.Status.PENDING

    broker_proxy.start()
    _two_minutes_pass(QuarterlyReport, report.pk)
    _sweep_until_ready(worker, resend_stuck_quarterly_reports, QuarterlyReport, report.pk)

    assert worker.mails_to() == {admin.email: 1}
    assert len(worker.stored_files()) == 1
