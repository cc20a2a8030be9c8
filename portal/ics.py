"""iCalendar files (RFC 5545), the one writer for every app: pure, values in, bytes out.

A calendar program keeps an event by its UID and replaces it when a file with the same UID and a
higher SEQUENCE arrives, so that a moved or cancelled appointment updates where the user saved
it instead of leaving a stale copy:

- `uid` stays the same for the life of the object (`uid_for("event", event.pk)`): never derive
  it from anything that can change.
- `sequence` grows with every change the user should see (time, place, cancellation): the apps
  keep it on the row (`calendar_sequence`) and raise it in the services that make such changes.
- `cancelled` writes STATUS:CANCELLED, `tentative` STATUS:TENTATIVE (otherwise CONFIRMED);
  ORGANIZER names who runs it.

Files are published (METHOD:PUBLISH): they inform, they are not invitations asking for a reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, vCalAddress
from icalendar import Event as VEvent

PRODID = "-//Mittelstand 4.0-Kompetenzzentrum Ilmenau//Portal 4.0//DE"
UID_DOMAIN = "portal40"


def uid_for(kind: str, pk: int) -> str:
    """The stable UID of one object, e.g. "event-7@portal40"."""
    return f"{kind}-{pk}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    start: datetime
    end: datetime
    sequence: int = 0
    url: str = ""
    description: str = ""
    location: str = ""
    organizer_name: str = ""
    organizer_email: str = ""
    cancelled: bool = False
    tentative: bool = False  # asked for, not yet confirmed (STATUS:TENTATIVE)
    updated: datetime | None = None  # when the object last changed (DTSTAMP, LAST-MODIFIED)


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str = "") -> bytes:
    """One VCALENDAR with a VEVENT per entry; `name` titles a subscribed feed."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for entry in entries:
        calendar.add_component(_vevent(entry))
    return calendar.to_ical()


def _vevent(entry: CalendarEntry) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", entry.uid)
    vevent.add("sequence", entry.sequence)
    vevent.add("dtstamp", (entry.updated or datetime.now(UTC)).astimezone(UTC))
    if entry.updated is not None:
        vevent.add("last-modified", entry.updated.astimezone(UTC))
    vevent.add("dtstart", entry.start.astimezone(UTC))
    vevent.add("dtend", entry.end.astimezone(UTC))
    vevent.add("summary", entry.title)
    if entry.url:
        vevent.add("url", entry.url)
    description = entry.description.strip()
    if entry.url:
        description = f"{description}\n\n{entry.url}" if description else entry.url
    if description:
        vevent.add("description", description)
    if entry.location:
        vevent.add("location", entry.location)
    if entry.organizer_email:
        organizer = vCalAddress(f"mailto:{entry.organizer_email}")
        if entry.organizer_name:
            organizer.params["cn"] = entry.organizer_name
        vevent.add("organizer", organizer)
    status = "CANCELLED" if entry.cancelled else "TENTATIVE" if entry.tentative else "CONFIRMED"
    vevent.add("status", status)
    return vevent
