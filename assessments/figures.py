"""Figures of the assessments app for a period (read by portal/reports).

Runs inside a scope (the request's partner scope or `consortium_scope()`). An assessment belongs
to its company; for one partner's figures it counts for the company's lead partner only, so no
assessment counts for two partners.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language

from assessments.models import Assessment, Dimension, ResultDimension
from consulting.figures import COMPANY_FIELDS, bounds, company_attributes


def _completed(*, start: date, end: date, partner_id: int | None) -> Any:
    since, until = bounds(start, end)
    assessments = Assessment.objects.filter(
        status=Assessment.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
    )
    if partner_id is not None:
        assessments = assessments.filter(company__lead_partner_id=partner_id)
    return assessments


class _PerGroup(Subquery):
    """A subquery that reads only the grouped columns: left out of GROUP BY, so the database
    runs it once per group instead of once per row (Django would group by it otherwise)."""

    def get_group_by_cols(self) -> list:
        return []


def assessment_figures(*, start: date, end: date, partner_id: int | None) -> dict[str, Any]:
    """Assessments completed in the period and the mean score of each dimension.

    The means are one aggregate over the stored dimension scores (ResultDimension), grouped by
    the dimension's key, which stays the same across questionnaire versions. Name and order are
    those of the newest questionnaire version with that key, read in the same query.
    """
    assessments = _completed(start=start, end=end, partner_id=partner_id)
    newest = Dimension.objects.filter(key=OuterRef("key")).order_by("-questionnaire__version")
    by_key = (
        ResultDimension.objects.filter(result__assessment__in=assessments.values("pk"))
        .values("key")
        .annotate(
            n=Count("pk"),
            mean=Avg("score"),
            position=_PerGroup(newest.values("order")[:1]),
            name_de=_PerGroup(newest.values("name_de")[:1]),
            name_en=_PerGroup(newest.values("name_en")[:1]),
        )
        .order_by("position", "key")
    )
    english = (get_language() or "de").startswith("en")
    by_dimension = [
        (
            (english and row["name_en"]) or row["name_de"] or row["key"],
            row["n"],
            round(float(row["mean"]), 2),
        )
        for row in by_key
    ]
    monthly = {
        row["month"].strftime("%Y-%m"): row["n"]
        for row in assessments.annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {
        "assessments": sum(monthly.values()),
        "by_dimension": by_dimension,
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
