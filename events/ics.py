"""iCalendar files (RFC 5545): pure functions, input in, bytes out, no database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Mittelstand 4.0-Kompetenzzentrum Ilmenau//Portal 4.0//DE"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    start: datetime
    end: datetime
    url: str
    description: str = ""
    location: str = ""
    organizer_name: str = ""
    cancelled: bool = False
    updated: datetime | None = None


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str = "") -> bytes:
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
    vevent.add("dtstamp", (entry.updated or datetime.now(UTC)).astimezone(UTC))
    vevent.add("dtstart", entry.start.astimezone(UTC))
    vevent.add("dtend", entry.end.astimezone(UTC))
    vevent.add("summary", entry.title)
    vevent.add("url", entry.url)
    description = entry.description.strip()
    vevent.add("description", f"{description}\n\n{entry.url}" if description else entry.url)
    if entry.location:
        vevent.add("location", entry.location)
    if entry.organizer_name:
        vevent.add("x-organizer-name", entry.organizer_name)
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return vevent
