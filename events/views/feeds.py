"""Calendar files: one workshop's ICS download and a person's calendar feed (their workshops;
for partner staff also their week: consultations and their partners' workshops)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import selectors, services
from events.models import CalendarFeed, Event
from portal import ics, mail, panels, tenancy
from portal.http import PortalRequest, SignedInRequest
from portal.models import User


def _calendar_entry(event: Event, *, with_link: bool) -> ics.CalendarEntry:
    """One workshop in a calendar file; the online link only for those holding a seat."""
    location = event.venue if event.has_venue else ""
    if with_link and event.is_online:
        location = f"{location} – {event.online_url}" if location else event.online_url
    return ics.CalendarEntry(
        uid=ics.uid_for("event", event.pk),
        title=event.title,
        start=event.start,
        end=event.end,
        sequence=event.calendar_sequence,
        url=mail.absolute_url(event.get_absolute_url()),
        description=event.description,
        location=location,
        organizer_name=event.organizer.short_name,
        organizer_email=mail.sender_address(),
        cancelled=event.status == Event.Status.CANCELLED,
        updated=event.updated_at,
    )


@require_GET
def event_ics(request: PortalRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_viewer(viewer=request.user, slug=slug)
    body = ics.calendar_bytes([_calendar_entry(event, with_link=False)])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@login_required
@require_POST
def feed_create(request: SignedInRequest) -> HttpResponse:
    services.create_calendar_feed(actor=request.user)
    messages.success(
        request, _("Your personal calendar address is ready. Earlier addresses no longer work.")
    )
    return redirect("events:mine")


@login_required
@require_POST
def feed_revoke(request: SignedInRequest) -> HttpResponse:
    services.revoke_calendar_feed(actor=request.user)
    messages.success(request, _("Your personal calendar address no longer works."))
    return redirect("events:mine")


FEED_PAST = timedelta(days=7)
FEED_AHEAD = timedelta(days=120)


def _staff_week_entries(user: User, *, known: set[str]) -> list[ics.CalendarEntry]:
    """For partner staff, the feed carries their week too (/dashboard/week/): consultations,
    their partners' workshops and what other apps add, in each partner's scope."""
    now = timezone.now()
    entries = []
    for membership in user.partner_memberships():
        with tenancy.partner_scope(membership.partner):
            found = panels.week_entries(user, membership.partner, now - FEED_PAST, now + FEED_AHEAD)
        for entry in found:
            if not entry.uid or entry.end is None or entry.uid in known:
                continue
            known.add(entry.uid)
            entries.append(
                ics.CalendarEntry(
                    uid=entry.uid,
                    title=f"{entry.kind}: {entry.title}",
                    start=entry.start,
                    end=entry.end,
                    sequence=entry.sequence,
                    url=mail.absolute_url(entry.url) if entry.url else "",
                    location=str(entry.location),
                )
            )
    return entries


@require_GET
def feed(request: PortalRequest, token: str) -> HttpResponse:
    """The personal calendar feed: the secret token is the credential (calendar apps send no
    cookies). A revoked or unknown token answers 404."""
    owner = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if owner is None or not owner.user.is_active:
        raise Http404
    entries = [
        _calendar_entry(r.event, with_link=r.holds_seat)
        for r in selectors.feed_registrations(user=owner.user)
    ]
    entries += _staff_week_entries(owner.user, known={e.uid for e in entries})
    body = ics.calendar_bytes(entries, name=_("My workshops – Portal 4.0"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
