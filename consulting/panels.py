"""What consulting adds to the shared pages (portal/panels.py), read through its selectors."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from consulting import selectors
from consulting.forms import ColleagueInvitationForm
from consulting.models import OPEN_REQUEST_STATES
from portal.panels import NavItem, Panel, PartnerColumn, Stat, TimelineEntry, WeekEntry
from portal.permissions import is_partner_admin_of


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
        user = request.user
        requests = selectors.requests_of_company(viewer=user)
        return [
            Panel(
                "consulting/panels/_sme_company.html",
                {
                    "company": selectors.company_of(user),
                    "colleagues": selectors.colleagues_of(user),
                    "colleague_invitations": selectors.open_colleague_invitations(user),
                    "colleague_form": ColleagueInvitationForm(),
                },
                order=10,
            ),
            Panel(
                "consulting/panels/_sme.html",
                {
                    "requests": list(requests.filter(status__in=OPEN_REQUEST_STATES)[:5]),
                    "company_id": active.company_id,
                },
                order=20,
            ),
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
    if is_partner_admin_of(user, partner):
        found.append(
            Panel(
                "consulting/panels/_hours.html",
                {"hours": selectors.hours_by(viewer=user, partner=partner), "partner": partner},
                order=60,
            )
        )
    return found


def dashboard_stats(request: Any) -> list[Stat]:
    """Partner staff: what waits for them and how many companies they may see (their partner's
    and shared ones); the consortium: the requests it has to route."""
    active = getattr(request, "active_context", None)
    if active is not None and active.is_consortium:
        # The consortium routes requests nobody handles yet: what waits for it.
        unrouted = selectors.inbox_for(viewer=request.user, partner=None).count()
        return [
            Stat(
                gettext("Requests to route"),
                unrouted,
                url=reverse("consulting:request_list"),
                link_text=gettext("Requests inbox"),
                order=5,
            )
        ]
    if active is None or active.partner is None:
        return []
    count = selectors.company_count_visible_to(request.user)
    waiting = selectors.waiting_for(viewer=request.user, partner=active.partner)
    return [
        Stat(
            gettext("Waiting for you"),
            waiting,
            url=reverse("consulting:request_list"),
            link_text=gettext("Requests inbox"),
            order=5,
        ),
        Stat(gettext("Companies you may see"), count, order=10),
    ]


def partner_columns(request: Any) -> list[PartnerColumn]:
    """Consortium admins (inside the dashboard's consortium scope): companies per lead partner;
    those without one are the companies not yet routed."""
    counts = selectors.company_counts_by_lead_partner()
    return [PartnerColumn(gettext("Companies (lead partner)"), counts, order=10)]


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    return selectors.company_timeline(viewer=user, company=company)


def week_entries(user: Any, partner: Any, start: Any, end: Any) -> list[WeekEntry]:
    """The staff member's consultations in the week, and their open follow-ups due in it or
    already overdue (those first)."""
    from django.utils import timezone

    from portal import ics

    today = timezone.localdate()
    entries = []
    appointments = selectors.my_appointments_between(
        viewer=user, partner=partner, start=start, end=end
    )
    for r in appointments:
        if r.scheduled_start is None:  # the selector asks for a time; for the type checker
            continue
        entries.append(
            WeekEntry(
                kind=gettext("Consultation"),
                title=str(r.company.name),
                start=r.scheduled_start,
                end=r.scheduled_end,
                url=r.get_absolute_url(),
                location=r.get_mode_display(),
                uid=ics.uid_for("consultation-request", r.pk),
                sequence=r.calendar_sequence,
            )
        )
    for f in selectors.my_follow_ups_due_by(
        viewer=user, partner=partner, day=timezone.localdate(end)
    ):
        due = timezone.make_aware(datetime.combine(f.due_date, time(9)))
        entries.append(
            WeekEntry(
                kind=gettext("Follow-up"),
                title=f"{f.title} ({f.session.company.name})",
                start=due,
                url=f.session.get_absolute_url(),
                overdue=f.due_date < today,
            )
        )
    return entries
