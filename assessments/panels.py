"""What the readiness check adds to the shared pages (portal/panels.py), read through selectors."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import selectors
from assessments.levels import level_name
from portal.panels import NavItem, Panel, TimelineEntry


def nav_items(request: Any) -> list[NavItem]:
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        return []
    if active.is_sme:
        return [NavItem(gettext_lazy("Readiness check"), reverse("assessments:index"), 40)]
    if active.partner is not None:
        return [NavItem(gettext_lazy("Assessments"), reverse("assessments:index"), 45)]
    return []


def dashboard_panels(request: Any) -> list[Panel]:
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        return []
    if active.is_sme and active.company_id:
        history = selectors.completed_for_company(viewer=request.user, company_id=active.company_id)
        latest = history[-1] if history else None
        return [
            Panel(
                "assessments/panels/_dashboard_sme.html",
                {
                    "latest": latest,
                    "level_name": level_name(latest.result.level) if latest else "",
                    "draft": selectors.draft_for_company(
                        viewer=request.user, company_id=active.company_id
                    ),
                },
                order=40,
            )
        ]
    if active.partner is not None:
        return [
            Panel(
                "assessments/panels/_dashboard_staff.html",
                {"assessments": selectors.recent_completed(viewer=request.user, limit=5)},
                order=45,
            )
        ]
    return []


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            when=assessment.completed_at or assessment.created_at,  # completed: never None
            kind="assessment",
            title=_("Readiness check completed: level %(level)s (%(name)s)")
            % {"level": assessment.result.level, "name": level_name(assessment.result.level)},
            url=assessment.get_absolute_url(),
            # Rounded as everywhere else (3.88 -> "3,9" in German), in the page's language.
            detail=_("Overall score %(score)s of 5")
            % {"score": floatformat(assessment.result.overall_score, 1)},
        )
        for assessment in selectors.completed_for_company(viewer=user, company_id=company.pk)
    ]
