"""What labs add to the shared pages (portal/panels.py): navigation, dashboard, timeline.
Every read goes through the selectors, given the viewer."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labs import selectors
from portal.panels import NavItem, Panel, TimelineEntry, WeekEntry


def _active(request: Any) -> Any:
    return getattr(request, "active_context", None)


def nav_items(request: Any) -> list[NavItem]:
    """Everyone: the lab directory. Partner staff: one entry, their trials (which link to the
    directory, the calendar and their labs), so the staff navigation stays on one line."""
    active = _active(request)
    if active is not None and request.user.is_authenticated and active.partner is not None:
        return [NavItem(gettext_lazy("Labs"), reverse("labs:trial_list"), 32)]
    items = [NavItem(gettext_lazy("Labs"), reverse("labs:directory"), 32)]
    if active is not None and request.user.is_authenticated and active.is_sme:
        items.append(NavItem(gettext_lazy("Lab trials"), reverse("labs:trial_list"), 57))
    return items


def dashboard_panels(request: Any) -> list[Panel]:
    active = _active(request)
    if active is None or not request.user.is_authenticated:
        return []
    if active.is_sme:
        trials = selectors.company_trials(viewer=request.user, company_id=active.company_id)
        return [Panel("labs/panels/_dashboard_sme.html", {"trials": list(trials[:5])}, order=35)]
    if active.partner is not None:
        trials = selectors.partner_trials(
            viewer=request.user, partner=active.partner, status="open"
        )
        return [
            Panel(
                "labs/panels/_dashboard_staff.html",
                {"trials": list(trials[:5]), "partner": active.partner},
                order=35,
            )
        ]
    return []


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    """The company's trials, as far as `user` may see them (the outcome itself is the advisory
    session consulting shows)."""
    entries = []
    for trial in selectors.company_trials(viewer=user, company_id=company.pk):
        entries.append(
            TimelineEntry(
                when=trial.starts_at,
                kind="lab_trial",
                title=_("Lab trial in %(lab)s (%(status)s)")
                % {"lab": trial.lab.name, "status": trial.get_status_display()},
                url=trial.get_absolute_url(),
                detail=trial.lab.partner.short_name,
            )
        )
    return entries


def week_entries(user: Any, partner: Any, start: Any, end: Any) -> list[WeekEntry]:
    """The trials the staff member guides in the week, in their partner's labs (the same UID
    as the trial's own calendar file, so calendars do not show it twice)."""
    from portal import ics
    from portal.permissions import is_staff_of

    if not is_staff_of(user, partner.pk):
        return []
    return [
        WeekEntry(
            kind=_("Lab trial"),
            title=f"{trial.lab.name}: {trial.company.name}",
            start=trial.starts_at,
            end=trial.ends_at,
            url=trial.get_absolute_url(),
            location=trial.lab.location,
            uid=ics.uid_for("labtrial", trial.pk),
            sequence=trial.calendar_sequence,
        )
        for trial in selectors.guided_between(viewer=user, partner=partner, start=start, end=end)
    ]
