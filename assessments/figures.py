"""Assessments' figures for /reports/ (the hook contract: portal/figures.py).

Runs inside a scope (the request's partner scope or `consortium_scope()`). An assessment belongs
to its company; for one partner's figures it counts for the company's lead partner only, so no
assessment counts for two partners.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Avg, Count, OuterRef, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.models import Assessment, Dimension, ResultDimension
from consulting.figures import reached_companies
from portal.figures import ByPartner, Figures, Table, Window, per_month

ORDER = 20


def _completed(window: Window) -> Any:
    since, until = window.bounds
    assessments = Assessment.objects.filter(
        status=Assessment.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
    )
    if window.partner_id is not None:
        assessments = assessments.filter(company__lead_partner_id=window.partner_id)
    return assessments


class _PerGroup(Subquery):
    """A subquery that reads only the grouped columns: left out of GROUP BY, so the database
    runs it once per group instead of once per row (Django would group by it otherwise)."""

    def get_group_by_cols(self) -> list:
        return []


def assessment_figures(window: Window) -> dict[str, Any]:
    """Assessments completed in the period and the mean score of each dimension.

    The means are one aggregate over the stored dimension scores (ResultDimension), grouped by
    the dimension's key, which stays the same across questionnaire versions. Name and order are
    those of the newest questionnaire version with that key, read in the same query.
    """
    assessments = _completed(window)
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
    monthly = per_month(assessments, "completed_at")
    return {
        "assessments": sum(monthly.values()),
        "by_dimension": by_dimension,
        "monthly": monthly,
    }


def figures(window: Window) -> Figures:
    """The hook: assessments completed, their trend, and the mean score per dimension."""
    found = assessment_figures(window)
    return Figures(
        summary=[[_("Assessments completed"), found["assessments"]]],
        trend={_("Assessments completed"): found["monthly"]},
        reached=reached_companies(_completed(window)),
        tables=[
            Table(
                "dimensions",
                _("Average score per dimension (0–5)"),
                [_("Dimension"), _("Assessments"), _("Average score")],
                [list(row) for row in found["by_dimension"]],
                chart_column=2,
                chart_max=5,
            )
        ],
        data={"assessments": found},
    )


def by_partner(window: Window) -> ByPartner:
    """The hook: assessments completed per lead partner of the company, and those companies,
    in one query."""
    rows = _completed(window).values_list("company__lead_partner_id", "company_id").order_by()
    counts: Counter[int | None] = Counter()
    reached: dict[int | None, set[int]] = defaultdict(set)
    for partner_id, company_id in rows:
        counts[partner_id] += 1
        reached[partner_id].add(company_id)
    return ByPartner(
        columns=[_("Assessments completed")],
        rows={pk: [n] for pk, n in counts.items()},
        empty=[0],
        reached=dict(reached),
    )
