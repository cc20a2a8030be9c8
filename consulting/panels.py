"""What consulting adds to the shared pages (portal/panels.py), read through its selectors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from consulting import permissions, selectors
from consulting.models import OPEN_REQUEST_STATES
from portal.panels import NavItem, Panel, TimelineEntry


def nav_items(request: Any) -> list[NavItem]:
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        return []
    if active.is_sme:
        return [
            NavItem(gettext_lazy("Book a consultation"), reverse("consulting:book"), 35),
            NavItem(gettext_lazy("My requests"), reverse("consulting:request_list"), 55),
        ]
    if active.partner is not None or active.is_consortium:
        return [
            NavItem(gettext_lazy("Companies"), reverse("consulting:company_list"), 50),
            NavItem(gettext_lazy("Requests"), reverse("consulting:request_list"), 55),
        ]
    return []


def dashboard_panels(request: Any) -> list[Panel]:
    active = getattr(request, "active_context", None)
    if active is not None and active.is_sme:
        requests = selectors.requests_of_company(viewer=request.user)
        return [
            Panel(
                "consulting/panels/_sme.html",
                {
                    "requests": list(requests.filter(status__in=OPEN_REQUEST_STATES)[:5]),
                    "company_id": active.company_id,
                },
                order=20,
            )
        ]
    if active is None or active.partner is None:
        return []
    user, partner = request.user, active.partner
    found = [
        Panel(
            "consulting/panels/_consultant.html",
            {
                "follow_ups": selectors.my_open_follow_ups(viewer=user, partner=partner),
                "appointments": selectors.my_next_appointments(viewer=user, partner=partner),
            },
            order=20,
        )
    ]
    if permissions.is_admin_of(user, partner):
        found.append(
            Panel(
                "consulting/panels/_hours.html",
                {"hours": selectors.hours_by(viewer=user, partner=partner), "partner": partner},
                order=60,
            )
        )
    return found


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    return selectors.company_timeline(viewer=user, company=company)
