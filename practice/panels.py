"""What practice adds to the shared pages (portal/panels.py), read through its selectors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy

from portal.panels import NavItem, Panel, TimelineEntry
from practice import selectors


def nav_items(request: Any) -> list[NavItem]:
    """The library for visitors and SMEs. Staff reach it, their cases and referrals from the
    dashboard's panel: their navigation is full (one more entry pushes the last one out of the
    bar in German at 1280 px)."""
    active = getattr(request, "active_context", None)
    staff = active is not None and (active.partner is not None or active.is_consortium)
    if staff and request.user.is_authenticated:
        return []
    return [NavItem(pgettext_lazy("navigation", "Good practice"), reverse("practice:library"), 45)]


def dashboard_panels(request: Any) -> list[Panel]:
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        return []
    if active.is_sme:
        cases = selectors.company_cases(viewer=request.user)
        if not cases:
            return []
        return [Panel("practice/panels/_sme_cases.html", {"cases": cases}, order=40)]
    if active.is_consortium:
        return [Panel("practice/panels/_consortium.html", {}, order=70)]
    if active.partner is None:
        return []
    partner = active.partner
    by_status = selectors.partner_cases(viewer=request.user, partner=partner)
    referrals = [
        r
        for r in selectors.partner_referrals(viewer=request.user, partner=partner)
        if not r.closed_at
    ]
    return [
        Panel(
            "practice/panels/_staff.html",
            {
                "candidates": selectors.case_candidates(
                    viewer=request.user, partner=partner, limit=5
                ),
                "in_review": by_status["in_review"],
                "awaiting": by_status["awaiting_company"],
                "approved": by_status["approved"],
                "referrals": referrals[:5],
            },
            order=70,
        )
    ]


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    """Referrals of the company to network partners (for its staff and its own users)."""
    return [
        TimelineEntry(
            when=r.created_at,
            kind="referral",
            title=gettext("Referred to %(partner)s") % {"partner": r.network_partner.name},
            url=r.get_absolute_url() if user.partner_memberships() else "",
            detail=r.get_outcome_display(),
        )
        for r in selectors.company_referrals(viewer=user, company=company)
    ]


def related_panels(request: Any, about: str, facts: dict[str, Any]) -> list[Panel]:
    """Published cases on a workshop's topics, or for an assessment's weak dimensions (the
    company's sector and size class first)."""
    topic_ids = list(facts.get("topic_ids") or [])
    if about == "workshop":
        cases = selectors.cases_for_topics(viewer=request.user, topic_ids=topic_ids)
        heading = gettext("Good practice on this topic")
    elif about == "assessment_result":
        cases = selectors.recommended_cases(
            viewer=request.user,
            topic_ids=topic_ids,
            sector=facts.get("sector") or "",
            size_class=facts.get("size_class") or "",
        )
        heading = gettext("Good practice for your weakest dimensions")
    else:
        return []
    if not cases:
        return []
    return [Panel("practice/panels/_related_cases.html", {"cases": cases, "heading": heading})]
