"""portal/ics.py, the one calendar writer: pure, no database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from portal.ics import CalendarEntry, calendar_bytes, uid_for

BERLIN = ZoneInfo("Europe/Berlin")


def entry(**overrides):
    data = {
        "uid": uid_for("event", 7),
        "title": "Cobots in der Montage; sicher, zusammen",
        "start": datetime(2026, 6, 3, 9, 0, tzinfo=BERLIN),
        "end": datetime(2026, 6, 3, 14, 0, tzinfo=BERLIN),
        "url": "https://portal.example/events/cobots/",
        "description": "Praxis am Roboter.",
        "location": "TU Ilmenau, Labor",
        "organizer_name": "TU Ilmenau",
        "organizer_email": "noreply@m40.example",
    }
    data.update(overrides)
    return CalendarEntry(**data)


def test_ics_has_one_event_with_times_in_utc_and_escaped_text():
    raw = calendar_bytes([entry()])
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"VERSION:2.0" in raw
    assert b"PRODID:" in raw
    assert b"METHOD:PUBLISH" in raw
    assert b"DTSTART:20260603T070000Z" in raw  # 09:00 in Berlin summer time
    assert b"DTEND:20260603T120000Z" in raw
    assert b"SUMMARY:Cobots in der Montage\\; sicher\\, zusammen" in raw
    parsed = Calendar.from_ical(raw)
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["uid"]) == "event-7@portal40"
    assert vevent.decoded("dtstart") == datetime(2026, 6, 3, 7, 0, tzinfo=UTC)
    assert str(vevent["location"]) == "TU Ilmenau, Labor"
    assert str(vevent["status"]) == "CONFIRMED"
    assert vevent.decoded("sequence") == 0
    assert "https://portal.example/events/cobots/" in str(vevent["description"])


def test_organizer_is_a_mail_address_with_the_partners_name():
    (vevent,) = Calendar.from_ical(calendar_bytes([entry()])).walk("VEVENT")
    assert str(vevent["organizer"]) == "mailto:noreply@m40.example"
    assert vevent["organizer"].params["cn"] == "TU Ilmenau"
    (bare,) = Calendar.from_ical(calendar_bytes([entry(organizer_email="")])).walk("VEVENT")
    assert "organizer" not in bare  # a name without an address is no ORGANIZER


def test_a_change_keeps_the_uid_and_raises_the_sequence_and_a_cancellation_says_so():
    updated = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    moved = entry(
        start=datetime(2026, 6, 4, 9, 0, tzinfo=BERLIN),
        end=datetime(2026, 6, 4, 14, 0, tzinfo=BERLIN),
        sequence=1,
        updated=updated,
    )
    cancelled = entry(sequence=2, cancelled=True, updated=updated)
    versions = [
        Calendar.from_ical(calendar_bytes([e])).walk("VEVENT")[0]
        for e in (entry(), moved, cancelled)
    ]
    assert {str(v["uid"]) for v in versions} == {"event-7@portal40"}
    assert [v.decoded("sequence") for v in versions] == [0, 1, 2]
    assert [str(v["status"]) for v in versions] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert versions[1].decoded("last-modified") == updated
    assert versions[1].decoded("dtstamp") == updated


def test_a_feed_holds_several_events_under_its_name():
    raw = calendar_bytes([entry(), entry(uid=uid_for("event", 8), cancelled=True)], name="Mine")
    parsed = Calendar.from_ical(raw)
    assert str(parsed["x-wr-calname"]) == "Mine"
    assert [str(v["status"]) for v in parsed.walk("VEVENT")] == ["CONFIRMED", "CANCELLED"]
