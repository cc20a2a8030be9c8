"""A PDF render whose worker process is killed mid-render still ends READY, with one file and one
"ready" mail (issue #7, item 7).

A real prefork worker (concurrency 1) renders; the test SIGKILLs the pool process while it is
inside the render. Celery then rejects the message back to Redis (acks_late +
reject_on_worker_lost), and the replacement pool process receives the same task id again. It
must take over its own claim at once, not leave the row "rendering" until the claim is stale.
"""

from __future__ import annotations

import time

import pytest

from assessments import services as assessment_services
from assessments.models import Report
from portal.models import Membership
from portal.tenancy import partner_scope, unscoped
from reports import services as report_services
from reports.models import QuarterlyReport
from tests.assessments.factories import completed, scope_of, sme_user
from tests.factories import MembershipFactory
from tests.faults.conftest import FaultWorker, wait_for

WORKER_CONCURRENCY = 1


def _finished(model, pk: int):
    def read():
        with unscoped("test: poll the document row"):
            row = model.objects.get(pk=pk)
        return row if row.status in {model.Status.READY, model.Status.FAILED} else None

    return read


def _assert_rendered_once(worker: FaultWorker, model, pk: int, recipient: str) -> None:
    # Well inside STALE_RENDER_AFTER (15 min): the redelivered task took over its own claim.
    row = wait_for(_finished(model, pk), 60, f"{model.__name__} {pk} to finish")
    assert row.status == model.Status.READY, row.error
    worker.wait_until_idle()
    assert [p.name for p in worker.stored_files()] == [row.file.name.rsplit("/", 1)[-1]]
    assert row.file.read().startswith(b"%PDF")
    assert worker.mails_to() == {recipient: 1}
    assert "exited with 'signal 9 (SIGKILL)'" in worker.log_text()


@pytest.mark.django_db(transaction=True)
def test_killed_render_of_an_assessment_report_ends_ready_with_one_file_and_one_mail(
    worker, questionnaire
):
    user = sme_user(name="Glaswerk Ilmenau GmbH")
    assessment, _result = completed(user, level=3)
    worker.stall_next_render()
    started = time.monotonic()
    with scope_of(user):
        report = assessment_services.request_report(
            actor=user, assessment=assessment, language="en"
        )
    worker.kill_stalled_render()
    _assert_rendered_once(worker, Report, report.pk, user.email)
    assert time.monotonic() - started < 60


@pytest.mark.django_db(transaction=True)
def test_killed_render_of_a_quarterly_report_ends_ready_with_one_file_and_one_mail(worker):
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN).user
    partner = admin.partner_memberships()[0].partner
    worker.stall_next_render()
    with partner_scope(partner):
        report = report_services.request_quarterly_report(
            actor=admin, partner=partner, consortium=False, year=2025, quarter=1, language="en"
        )
    worker.kill_stalled_render()
    _assert_rendered_once(worker, QuarterlyReport, report.pk, admin.email)
