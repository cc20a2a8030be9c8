"""The render-once routine of PDF documents (portal/documents.py): claim, race, sweep.

The worker-level faults (a killed pool process, a dead broker) are in tests/faults/; these pin
the rules those rely on, with eager tasks: Celery's `apply(task_id=...)` runs a task under a
given id, as a redelivered message would.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assessments import tasks as assessment_tasks
from assessments.models import Report
from portal.celery import app as celery_app
from portal.documents import PENDING_GRACE, STALE_RENDER_AFTER, claim
from portal.models import AuditEntry
from portal.tenancy import unscoped
from reports import tasks as report_tasks
from reports.models import QuarterlyReport
from tests.assessments.factories import completed, sme_user
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _report(**fields) -> Report:
    user = sme_user()
    assessment, _result = completed(user, level=2)
    with unscoped("test: set up a report row"):
        return Report.objects.create(
            assessment=assessment,
            language="en",
            requested_by=user,
            requested_at=timezone.now(),
            **fields,
        )


def _fresh(report: Report) -> Report:
    with unscoped("test assertions"):
        return Report.objects.get(pk=report.pk)


def _stored_files(settings) -> list[str]:
    return sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def test_only_the_task_holding_the_claim_may_take_it_again():
    report = _report()
    with unscoped("test"):
        assert claim(Report, report.pk, "task-1")
        assert not claim(Report, report.pk, "task-2")  # another message for the same row
        assert not claim(Report, report.pk, "")  # outside a task: only the stale rule
        assert claim(Report, report.pk, "task-1")  # task-1's message, redelivered
    assert _fresh(report).claimed_by == "task-1"


def test_a_stale_claim_goes_to_any_task():
    report = _report(
        status=Report.Status.RENDERING,
        claimed_by="dead-task",
        claimed_at=timezone.now() - STALE_RENDER_AFTER - timedelta(seconds=1),
    )
    with unscoped("test"):
        assert claim(Report, report.pk, "sweeper-task")
        assert not claim(Report, report.pk, "dead-task")  # its claim was taken over
    assert _fresh(report).claimed_by == "sweeper-task"


def test_a_done_report_is_never_claimed_again():
    report = _report(status=Report.Status.READY, claimed_by="task-1")
    with unscoped("test"):
        assert not claim(Report, report.pk, "task-1")


def test_a_redelivered_copy_of_the_task_renders_when_the_first_attempt_died():
    """The first attempt claimed the row and its process was killed before storing."""
    report = _report(status=Report.Status.RENDERING, claimed_at=timezone.now())
    with unscoped("test"):
        Report.objects.filter(pk=report.pk).update(claimed_by="killed-task")
    assessment_tasks.render_report_task.apply(
        kwargs={"report_id": report.pk}, task_id="killed-task"
    )
    assert _fresh(report).status == Report.Status.READY


def test_two_racing_renders_of_one_request_keep_the_first_file_and_mail_once(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    """A redelivered copy renders while the original is still rendering the same request.

    The copy is started from inside the original's render, so the interleaving is fixed: the
    copy stores first; the original then finds READY and must not store or mail again.
    """
    report = _report()
    attempts: list[str] = []

    def render_report_pdf(row: Report) -> bytes:
        attempts.append("render")
        if len(attempts) == 1:  # the original: let the copy overtake it
            assessment_tasks.render_report_task.apply(
                kwargs={"report_id": row.pk}, task_id="same-message"
            )
            return b"%PDF-original"
        return b"%PDF-copy"

    monkeypatch.setattr("assessments.pdf.render_report_pdf", render_report_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_tasks.render_report_task.apply(
            kwargs={"report_id": report.pk}, task_id="same-message"
        )
    report = _fresh(report)
    assert attempts == ["render", "render"]
    assert report.status == Report.Status.READY
    assert report.file.read() == b"%PDF-copy"
    assert len(_stored_files(settings)) == 1
    assert [m.to for m in mail.outbox] == [[report.requested_by.email]]
    with unscoped("test"):
        rendered = AuditEntry.objects.filter(action="assessments.report.rendered")
        assert rendered.count() == 1


def test_a_failing_copy_does_not_undo_a_stored_report(monkeypatch):
    report = _report()
    attempts: list[str] = []

    def render_report_pdf(row: Report) -> bytes:
        attempts.append("render")
        if len(attempts) == 1:
            assessment_tasks.render_report_task.apply(
                kwargs={"report_id": row.pk}, task_id="same-message"
            )
            raise RuntimeError("the original ran out of memory")
        return b"%PDF-copy"

    monkeypatch.setattr("assessments.pdf.render_report_pdf", render_report_pdf)
    assessment_tasks.render_report_task.apply(
        kwargs={"report_id": report.pk}, task_id="same-message"
    )
    report = _fresh(report)
    assert report.status == Report.Status.READY
    assert report.error == ""
    with unscoped("test"):
        assert not AuditEntry.objects.filter(action="assessments.report.failed").exists()


def _quarterly(partner, quarter: int, **fields) -> QuarterlyReport:
    with unscoped("test: set up a quarterly report row"):
        return QuarterlyReport.objects.create(
            partner=partner, year=2025, quarter=quarter, language="en", **fields
        )


def test_the_quarterly_sweeper_resends_pending_and_lost_renders_only():
    admin = MembershipFactory().user
    partner = admin.partner_memberships()[0].partner
    now = timezone.now()
    never_sent = _quarterly(
        partner, 1, requested_by=admin, requested_at=now - PENDING_GRACE - timedelta(minutes=1)
    )
    just_requested = _quarterly(partner, 2, requested_by=admin, requested_at=now)
    lost = _quarterly(
        partner,
        3,
        requested_by=admin,
        requested_at=now - timedelta(hours=1),
        status=QuarterlyReport.Status.RENDERING,
        claimed_at=now - STALE_RENDER_AFTER - timedelta(minutes=1),
    )
    busy = _quarterly(
        partner,
        4,
        requested_by=admin,
        requested_at=now - timedelta(hours=1),
        status=QuarterlyReport.Status.RENDERING,
        claimed_at=now,
    )
    assert report_tasks.resend_stuck_quarterly_reports() == 2  # eager: rendered in place
    with unscoped("test assertions"):
        status = dict(QuarterlyReport.objects.values_list("pk", "status"))
    assert status == {
        never_sent.pk: QuarterlyReport.Status.READY,
        just_requested.pk: QuarterlyReport.Status.PENDING,  # its message may still be queued
        lost.pk: QuarterlyReport.Status.READY,
        busy.pk: QuarterlyReport.Status.RENDERING,  # a live worker is on it
    }


def test_both_sweepers_are_on_the_beat_schedule():
    celery_app.loader.import_default_modules()
    celery_app.finalize()
    entries = {entry["task"]: entry for entry in celery_app.conf.beat_schedule.values()}
    assert entries["reports.resend_stuck_quarterly_reports"]["schedule"] == (
        report_tasks.SWEEP_EVERY_SECONDS
    )
    assert entries["assessments.resend_stuck_reports"]["schedule"] == (
        assessment_tasks.SWEEP_EVERY_SECONDS
    )


def test_a_ready_mail_the_broker_refused_is_sent_by_the_sweeper_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from portal import tasks as portal_tasks

    monkeypatch.setattr("assessments.pdf.render_report_pdf", lambda row: b"%PDF-ok")
    report = _report()
    real_delay = portal_tasks.send_email.delay

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to the broker. Connection refused.")

    monkeypatch.setattr(portal_tasks.send_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_tasks.render_report_task.apply(kwargs={"report_id": report.pk})
    stored = _fresh(report)
    assert stored.status == Report.Status.READY
    assert stored.notified_at is None
    assert mail.outbox == []

    monkeypatch.setattr(portal_tasks.send_email, "delay", real_delay)
    assert assessment_tasks.resend_stuck_reports() == 0  # within the grace period: not yet
    with unscoped("test: the render finished a while ago"):
        Report.objects.filter(pk=report.pk).update(
            finished_at=timezone.now() - PENDING_GRACE - timedelta(seconds=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert assessment_tasks.resend_stuck_reports() == 1
    assert [m.to for m in mail.outbox] == [[report.requested_by.email]]
    assert _fresh(report).notified_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert assessment_tasks.resend_stuck_reports() == 0
    assert len(mail.outbox) == 1
