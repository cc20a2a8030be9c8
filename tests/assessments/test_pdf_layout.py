"""The readiness report fits A4 and its first page holds the result, explained."""

from __future__ import annotations

from django.utils import timezone

from assessments.models import Report
from assessments.pdf import TEMPLATE, report_context
from portal.pdf import layout, tables_wider_than_page
from tests.assessments.factories import completed, scope_of, sme_user
from tests.reports.test_pdf_layout import page_text


def test_assessment_report_fits_and_its_first_page_holds_the_result(questionnaire):
    user = sme_user(name="Glaswerk Ilmenau GmbH")
    assessment, _result = completed(user, level=2)
    with scope_of(user):
        report = Report.objects.create(
            assessment=assessment, language="en", requested_by=user, requested_at=timezone.now()
        )
        document = layout(TEMPLATE, report_context(Report.objects.get(pk=report.pk)))
    assert tables_wider_than_page(document) == []
    first = page_text(document, 1)
    assert "Glaswerk Ilmenau GmbH" in first
    assert "Level 2" in first
    assert "means level 2" in first
    assert "Summary" in first
