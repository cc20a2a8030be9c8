"""The PDF of one evaluation version: its context, rendered with portal.pdf (static-only
fetcher, escaped text), in the language the PDF was asked in."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from economics.models import EvaluationReport
from economics.presenting import input_rows, present
from portal.pdf import render_pdf

TEMPLATE = "economics/pdf/evaluation.html"


def report_context(report: EvaluationReport) -> dict[str, Any]:
    version = report.version
    evaluation = version.evaluation
    data = version.data()
    return {
        "report": report,
        "evaluation": evaluation,
        "version": version,
        "company": evaluation.company,
        "p": present(data),
        "inputs": input_rows(data),
        "generated_at": timezone.now(),
    }


def render_evaluation_pdf(report: EvaluationReport) -> bytes:
    return render_pdf(TEMPLATE, report_context(report))
