"""What workshops add to the shared pages (portal/panels.py): navigation, home, dashboard,
and the company timeline. Every read goes through the selectors, given the viewer."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import permissions, selectors
from portal.panels import NavItem, Panel, TimelineEntry, WeekEntry


def _active(request: Any) -> Any:
    return getattr(request, "active_context", None)


def nav_items(request: Any) -> list[NavItem]:
    items = [NavItem(gettext_lazy("Workshops"), reverse("events:list"), 30)]
    active = _active(request)
    partner = active.partner if active is not None else None
    if partner is not None and permissions.is_staff_of(request.user, partner.pk):
        items.append(NavItem(gettext_lazy("Manage workshops"), reverse("events:manage"), 80))
    return items


def home_panels(request: Any) -> list[Panel]:
    events = selectors.next_public_events(viewer=request.user, limit=4)
    return [Panel("events/panels/_home.html", {"events": events}, order=20)]


def dashboard_panels(request: Any) -> list[Panel]:
    active = _active(request)
    if active is None:
        return []
    if active.partner is not None and permissions.is_staff_of(request.user, active.partner.pk):
        events = selectors.managed_events(viewer=request.user, partner=active.partner)[:5]
        return [
            Panel(
                "events/panels/_dashboard_staff.html",
                {"events": events, "partner": active.partner},
                order=30,
            )
        ]
    if active.is_sme:
        mine = selectors.my_registrations(viewer=request.user)
        return [
            Panel(
                "events/panels/_dashboard_sme.html",
                {
                    "registrations": mine["upcoming"][:5],
                    "attended": [r for r in mine["past"] if r.status == "attended"][:3],
                },
                order=30,
            )
        ]
    return []


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    """Workshops the company's people attended, as far as `user` may see them."""
    entries = []
    for registration in selectors.company_attendance(viewer=user, company_id=company.pk):
        event = registration.event
        entries.append(
            TimelineEntry(
                when=event.start,
                kind="workshop",
                title=_("%(person)s attended “%(title)s”")
                % {"person": registration.user, "title": event.title},
                url=event.get_absolute_url(),
                detail=event.organizer.short_name,
            )
        )
    return entries


def week_entries(user: Any, partner: Any, start: Any, end: Any) -> list[WeekEntry]:
    """The workshops of the staff member's partner in the week."""
    from portal import ics

    if not permissions.is_staff_of(user, partner.pk):
        return []
    return [
        WeekEntry(
            kind=_("Workshop"),
            title=event.title,
            start=event.start,
            end=event.end,
            url=event.get_manage_url(),
            location=event.venue if event.has_venue else _("Online"),
            uid=ics.uid_for("event", event.pk),
            sequence=event.calendar_sequence,
        )
        for event in selectors.partner_events_between(
            viewer=user, partner=partner, start=start, end=end
        )
    ]
