"""The PDF report: its context, rendered with portal.pdf (static-only fetcher, escaped text)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from assessments import selectors
from assessments.models import Report
from portal.models import PartnerInstitution
from portal.pdf import render_pdf

TEMPLATE = "assessments/pdf/report.html"


def report_context(report: Report) -> dict[str, Any]:
    assessment = report.assessment
    view = selectors.result_view(assessment)
    viewer = report.requested_by
    company = assessment.company
    partner = company.lead_partner
    contacts = []
    if partner is not None:
        contacts = [
            m.user
            for m in partner.memberships.select_related("user").order_by("role", "user__last_name")
            if m.user.is_active
        ][:3]
    recommendations = (
        selectors.recommendations_for(viewer=viewer, result=view.result) if viewer else []
    )
    return {
        "report": report,
        "company": company,
        "view": view,
        "benchmarks": selectors.benchmarks_for(view.result),
        "recommendations": recommendations,
        "partner": partner,
        "partner_contacts": contacts,
        "partners": list(PartnerInstitution.objects.active()),
        "generated_at": timezone.now(),
    }


def render_report_pdf(report: Report) -> bytes:
    return render_pdf(TEMPLATE, report_context(report))
