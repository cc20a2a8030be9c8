"""The report task: through a real worker on Redis, the beat sweeper, and a safe renderer."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from pypdf import PdfReader

from assessments import services, tasks
from assessments.models import Report
from assessments.pdf import render_report_pdf
from portal.celery import app as celery_app
from portal.pdf import RefusedResource, static_only_fetcher
from portal.tenancy import unscoped
from tests.assessments.factories import completed, scope_of, sme_user


def _wait_until_ready(report_id: int, timeout: float = 60) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with unscoped("test: poll the report"):
            report = Report.objects.get(pk=report_id)
        if report.status in {Report.Status.READY, Report.Status.FAILED}:
            return report
        time.sleep(0.2)
    raise AssertionError(f"report {report_id} still {report.status}")


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_the_report_and_mails_once(questionnaire, real_worker):
    user = sme_user(name="Glaswerk Ilmenau GmbH")
    assessment, _result = completed(user, level=4)
    with scope_of(user), transaction.atomic():
        report = services.request_report(actor=user, assessment=assessment, language="en")
    report = _wait_until_ready(report.pk)
    assert report.status == Report.Status.READY, report.error
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.file.read())).pages)
    assert "Glaswerk Ilmenau GmbH" in text
    assert "Level 4: Expert" in text
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_the_sweeper_is_on_the_beat_schedule():
    celery_app.loader.import_default_modules()
    celery_app.finalize()
    entries = {entry["task"]: entry for entry in celery_app.conf.beat_schedule.values()}
    assert "assessments.resend_stuck_reports" in entries
    assert entries["assessments.resend_stuck_reports"]["schedule"] == tasks.SWEEP_EVERY_SECONDS


@pytest.mark.django_db
def test_the_sweeper_resends_only_reports_stuck_in_pending():
    user = sme_user()
    assessment, _result = completed(user, level=2)
    with scope_of(user):
        old = assessment.completed_at - timedelta(hours=1)
        stuck = Report.objects.create(
            assessment=assessment, language="de", requested_by=user, requested_at=old
        )
        fresh = Report.objects.create(
            assessment=assessment,
            language="en",
            requested_by=user,
            requested_at=assessment.completed_at + timedelta(days=1),  # in the future: fresh
        )
    assert tasks.resend_stuck_reports() == 1  # eager: the stuck one is rendered in place
    with unscoped("test"):
        assert Report.objects.get(pk=stuck.pk).status == Report.Status.READY
        assert Report.objects.get(pk=fresh.pk).status == Report.Status.PENDING


@pytest.mark.django_db
def test_the_report_escapes_typed_text_and_fetches_no_file_or_remote_url(monkeypatch):
    name = '<img src="file:///etc/passwd"><link rel="stylesheet" href="https://evil.example/x.css">'
    user = sme_user(name=name)
    assessment, _result = completed(user, level=1)
    fetched = []
    original = static_only_fetcher

    def recording_fetcher():
        fetcher = original()
        fetch = fetcher.fetch

        def spy(url, headers=None):
            fetched.append(url)
            return fetch(url, headers)

        fetcher.fetch = spy
        return fetcher

    monkeypatch.setattr("portal.pdf.static_only_fetcher", recording_fetcher)
    with scope_of(user):
        report = Report.objects.create(
            assessment=assessment,
            language="en",
            requested_by=user,
            requested_at=assessment.completed_at,
        )
        pdf = render_report_pdf(Report.objects.get(pk=report.pk))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert 'src="file:///etc/passwd"' in text  # shown as text, not loaded
    assert all(url.startswith("https://portal.invalid/static/") for url in fetched)
    fetcher = original()
    for url in ("file:///etc/passwd", "https://evil.example/x.css"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)
