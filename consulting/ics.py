"""Calendar files for appointments (pure: values in, text out)."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event


def appointment_ics(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str = "",
    location: str = "",
    cancelled: bool = False,
) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Mittelstand 4.0 Kompetenzzentrum Ilmenau//Portal 4.0//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.now(tz=UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
