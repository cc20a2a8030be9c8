"""The quarterly report PDF: requested on the page, rendered by the task, mailed once."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from portal import tenancy
from reports import services
from reports.models import QuarterlyReport
from tests.access import assert_access, client_for
from tests.reports.conftest import DAY, OUTSIDE, Q1_2025
from tests.reports.factories import build_partner_data


@pytest.fixture(autouse=True)
def _run_on_commit_callbacks(commit_per_request):
    """Each request behaves as in production: tasks run when its transaction commits."""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _only_report() -> QuarterlyReport:
    with tenancy.unscoped("test: read the report row"):
        return QuarterlyReport.objects.get()


def test_consortium_admin_gets_the_pdf_of_all_partners_and_one_mail(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE)
    client = client_for((world.consortium, "consortium"))
    response = client.post(
        "/reports/pdf/", {"year": "2025", "quarter": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == "/reports/?kind=quarter&year=2025&quarter=1"
    report = _only_report()
    assert report.status == QuarterlyReport.Status.READY
    assert report.partner is None
    text = _pdf_text(report.file.read())
    assert "Quarterly report Q1 2025" in text
    assert "All consortium partners" in text
    assert "Alpha" in text
    assert "Beta" in text
    assert len(mail.outbox) == 1
    assert f"/reports/pdf/{report.pk}/download/" in mail.outbox[0].body
    # Asking again returns the same report: no second render, no second mail.
    client.post("/reports/pdf/", {"year": "2025", "quarter": "1"})
    assert len(mail.outbox) == 1
    with tenancy.unscoped("test"):
        assert QuarterlyReport.objects.count() == 1
    page = client.get("/reports/", Q1_2025)
    assert f'href="/reports/pdf/{report.pk}/download/"'.encode() in page.content
    download = client.get(f"/reports/pdf/{report.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_partner_pdf_has_only_the_partners_figures_and_other_tenants_get_404(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    client = client_for(world.admin_a)
    client.post("/reports/pdf/", {"year": "2025", "quarter": "1", "partner": world.partner_b.pk})
    report = _only_report()
    assert report.partner == world.partner_a  # a partner field is ignored for partner staff
    assert report.status == QuarterlyReport.Status.READY
    text = _pdf_text(report.file.read())
    assert world.partner_a.name in text
    assert "By partner" not in text
    for suffix in ("status/", "download/"):
        assert_access(
            f"/reports/pdf/{report.pk}/{suffix}",
            allowed=[world.admin_a, (world.consortium, "consortium")],
            denied=[world.admin_b, world.sme],
            anonymous=404,
        )
        assert (
            client_for(world.consultant_a).get(f"/reports/pdf/{report.pk}/{suffix}").status_code
            == 403
        )


def test_the_service_refuses_a_consultant(world):
    from portal.errors import PermissionRefused

    with tenancy.partner_scope(world.partner_a), pytest.raises(PermissionRefused):
        services.request_quarterly_report(
            actor=world.consultant_a,
            partner=world.partner_a,
            consortium=False,
            year=2025,
            quarter=1,
            language="en",
        )


def test_busy_report_status_polls_and_ready_one_stops(world):
    with tenancy.partner_scope(world.partner_a):
        report = QuarterlyReport.objects.create(
            partner=world.partner_a,
            year=2025,
            quarter=1,
            language="en",
            requested_at="2025-04-01T10:00:00Z",
        )
    client = client_for(world.admin_a)
    busy = client.get(f"/reports/pdf/{report.pk}/status/").content.decode()
    assert 'hx-trigger="every 2s"' in busy
    assert "being prepared" in busy
    with tenancy.partner_scope(world.partner_a):
        services.render_quarterly_report(report_id=report.pk)
    ready = client.get(f"/reports/pdf/{report.pk}/status/").content.decode()
    assert "hx-trigger" not in ready
    assert "Download quarterly report Q1 2025 (PDF)" in ready


def test_render_is_idempotent_and_mails_once(world, django_capture_on_commit_callbacks):
    with tenancy.partner_scope(world.partner_a):
        report = QuarterlyReport.objects.create(
            partner=world.partner_a,
            year=2025,
            quarter=1,
            language="en",
            requested_by=world.admin_a,
            requested_at="2025-04-01T10:00:00Z",
        )
        with django_capture_on_commit_callbacks(execute=True):
            first = services.render_quarterly_report(report_id=report.pk)
            second = services.render_quarterly_report(report_id=report.pk)
    assert first.status == second.status == QuarterlyReport.Status.READY
    assert second.file.name == first.file.name
    assert len(mail.outbox) == 1


def test_a_failed_render_keeps_the_error_and_can_be_retried(world):
    import weasyprint

    def broken(self, *args, **kwargs):
        raise OSError("no fonts")

    client = client_for(world.admin_a)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", broken)  # the boundary, not our code
        client.post("/reports/pdf/", {"year": "2025", "quarter": "1"})
    report = _only_report()
    assert report.status == QuarterlyReport.Status.FAILED
    assert report.error == "OSError: no fonts"
    assert not mail.outbox
    page = client.get("/reports/", Q1_2025).content.decode()
    assert "The quarterly report could not be created." in page
    client.post("/reports/pdf/", {"year": "2025", "quarter": "1"})
    assert _only_report().status == QuarterlyReport.Status.READY
    assert len(mail.outbox) == 1


def test_a_quarter_that_has_not_begun_gets_a_message(world):
    client = client_for(world.admin_a)
    response = client.post("/reports/pdf/", {"year": "2099", "quarter": "1"}, follow=True)
    assert (
        "The quarterly report can be made once the quarter has begun." in response.content.decode()
    )
    with tenancy.unscoped("test"):
        assert not QuarterlyReport.objects.exists()


def test_bad_quarter_gets_a_message(world):
    client = client_for(world.admin_a)
    response = client.post("/reports/pdf/", {"year": "2025", "quarter": "7"}, follow=True)
    assert "Ensure this value is less than or equal to 4." in response.content.decode()


def test_sme_and_visitors_cannot_request(world):
    assert (
        client_for(world.sme).post("/reports/pdf/", {"year": "2025", "quarter": "1"}).status_code
        == 404
    )
    assert Client().post("/reports/pdf/", {"year": "2025", "quarter": "1"}).status_code == 404
