"""What economic evaluations add to the shared pages (portal/panels.py), read through selectors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from economics import selectors
from portal.panels import NavItem, Panel, TimelineEntry


def nav_items(request: Any) -> list[NavItem]:
    """SME users and partner staff; the consortium sees figures only (in /reports/)."""
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        return []
    if active.is_sme or active.partner is not None:
        return [NavItem(gettext_lazy("Economic evaluation"), reverse("economics:index"), 48)]
    return []


def dashboard_panels(request: Any) -> list[Panel]:
    """The newest evaluations: an SME's own, or those of the partner's client companies."""
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        return []
    if not (active.is_sme or active.partner is not None):
        return []
    evaluations = selectors.evaluations_for(viewer=request.user)
    if active.is_sme:
        evaluations = evaluations.filter(company_id=active.company_id or 0)
    return [
        Panel(
            "economics/panels/_dashboard.html",
            {"evaluations": list(evaluations[:5]), "is_sme": active.is_sme},
            order=48,
        )
    ]


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            when=evaluation.updated_at,
            kind="evaluation",
            title=_("Investment evaluation: %(title)s") % {"title": evaluation.title},
            url=evaluation.get_absolute_url(),
            detail=_("Version %(number)s, net present value %(npv)s EUR")
            % {
                "number": evaluation.version_count,
                "npv": number_format(evaluation.npv or 0, 2, force_grouping=True),
            },
        )
        for evaluation in selectors.for_company(viewer=user, company=company)
    ]
