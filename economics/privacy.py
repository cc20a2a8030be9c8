"""Economic evaluations' part of data protection (found by privacy/registry.py).

The caller has entered the company's scope; every query also filters by the company.
"""

from __future__ import annotations

from typing import Any

from consulting.models import Company
from economics.models import Evaluation, EvaluationReport, EvaluationVersion, LineItem
from portal.models import User

ERASED_TITLE = "[erased]"


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def export_company_data(company: Company) -> dict[str, list[dict[str, Any]]]:
    """Every evaluation of the company with each version's inputs and line items."""
    evaluations = [
        {
            "id": e.pk,
            "title": e.title,
            "measure_type": e.template.title if e.template else "",
            "created_at": _iso(e.created_at),
            "updated_at": _iso(e.updated_at),
            "versions": e.version_count,
            "investment_total": str(e.investment_total),
            "net_present_value": str(e.npv) if e.npv is not None else "",
        }
        for e in Evaluation.objects.filter(company=company)
        .select_related("template")
        .order_by("pk")
    ]
    items: dict[int, list[dict[str, Any]]] = {}
    for item in LineItem.objects.filter(version__evaluation__company=company).order_by("pk"):
        items.setdefault(item.version_id, []).append(
            {
                "kind": item.kind,
                "category": item.category,
                "amount": str(item.amount),
                "year": item.year,
            }
        )
    versions = [
        {
            "evaluation_id": v.evaluation_id,
            "number": v.number,
            "note": v.note,
            "created_at": _iso(v.created_at),
            "horizon_years": v.horizon,
            "discount_rate_percent": str(v.rate),
            "hours_saved": str(v.hours_saved),
            "hourly_rate": str(v.hourly_rate),
            "ramp_up_percent": [str(v.ramp_up_1), str(v.ramp_up_2), str(v.ramp_up_3)],
            "residual_value": str(v.residual_value),
            "funding_share_percent": str(v.funding_share),
            "funding_amount": str(v.funding_amount),
            "line_items": items.get(v.pk, []),
            "utility": v.utility,
        }
        for v in EvaluationVersion.objects.filter(evaluation__company=company).order_by(
            "evaluation_id", "number"
        )
    ]
    return {"economic_evaluations": evaluations, "economic_evaluation_versions": versions}


def erase_company_data(company: Company, *, actor: User) -> dict[str, int]:
    """The figures stay (anonymous once the company is: amounts, dates); titles and notes are
    free text that may name the company or people, so they go; the PDFs name the company, so
    their files and rows go. Idempotent: erased titles are not counted again."""
    reports = list(EvaluationReport.objects.filter(version__evaluation__company=company))
    for report in reports:
        if report.file:
            report.file.delete(save=False)
    EvaluationReport.objects.filter(pk__in=[r.pk for r in reports]).delete()
    titles = (
        Evaluation.objects.filter(company=company)
        .exclude(title=ERASED_TITLE)
        .update(title=ERASED_TITLE)
    )
    EvaluationVersion.objects.filter(evaluation__company=company).exclude(note="").update(note="")
    return {"evaluation_reports": len(reports), "evaluation_titles": titles}
