"""Figures of the assessments app for a period (read by portal/reports).

Runs inside a scope (the request's partner scope or `consortium_scope()`). An assessment belongs
to its company; for one partner's figures it counts for the company's lead partner only, so no
assessment counts for two partners.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language

from assessments.models import Assessment
from consulting.figures import COMPANY_FIELDS, bounds, company_attributes


def _completed(*, start: date, end: date, partner_id: int | None) -> Any:
    since, until = bounds(start, end)
    assessments = Assessment.objects.filter(
        status=Assessment.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
    )
    if partner_id is not None:
        assessments = assessments.filter(company__lead_partner_id=partner_id)
    return assessments


def assessment_figures(*, start: date, end: date, partner_id: int | None) -> dict[str, Any]:
    """Assessments completed in the period and the mean score of each dimension (frozen
    results; dimensions in the order of the questionnaire they came from)."""
    assessments = _completed(start=start, end=end, partner_id=partner_id)
    english = (get_language() or "de").startswith("en")
    scores: dict[str, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    count = 0
    for dimensions in assessments.values_list("result__dimensions", flat=True).order_by():
        count += 1
        for dimension in dimensions or []:
            key = dimension["key"]
            names.setdefault(key, dimension["name_en"] if english else dimension["name_de"])
            scores[key].append(float(dimension["score"]))
    monthly = {
        row["month"].strftime("%Y-%m"): row["n"]
        for row in assessments.annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {
        "assessments": count,
        "by_dimension": [
            (names[key], len(values), round(sum(values) / len(values), 2))
            for key, values in scores.items()
        ],
        "monthly": monthly,
    }


def reached_by_assessments(*, start: date, end: date, partner_id: int | None) -> dict[int, tuple]:
    """Companies that completed an assessment in the period."""
    rows = _completed(start=start, end=end, partner_id=partner_id).values(*COMPANY_FIELDS)
    return company_attributes(rows.distinct().order_by())


def assessments_by_partner(*, start: date, end: date) -> dict[int | None, dict[str, Any]]:
    """{lead partner id: assessments completed and the set of their companies} in one query."""
    out: dict[int | None, dict[str, Any]] = defaultdict(
        lambda: {"assessments": 0, "companies": set()}
    )
    rows = _completed(start=start, end=end, partner_id=None).values_list(
        "company__lead_partner_id", "company_id"
    )
    for partner_id, company_id in rows.order_by():
        out[partner_id]["assessments"] += 1
        out[partner_id]["companies"].add(company_id)
    return out
