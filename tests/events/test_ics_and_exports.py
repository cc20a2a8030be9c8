"""Pure helpers: iCalendar files and the CSV export's formula neutralisation (no database)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.exports import csv_text, neutralise
from events.ics import CalendarEntry, calendar_bytes

BERLIN = ZoneInfo("Europe/Berlin")


def entry(**overrides):
    data = {
        "uid": "event-7@portal40",
        "title": "Cobots in der Montage; sicher, zusammen",
        "start": datetime(2026, 6, 3, 9, 0, tzinfo=BERLIN),
        "end": datetime(2026, 6, 3, 14, 0, tzinfo=BERLIN),
        "url": "https://portal.example/events/cobots/",
        "description": "Praxis am Roboter.",
        "location": "TU Ilmenau, Labor",
        "organizer_name": "TU Ilmenau",
    }
    data.update(overrides)
    return CalendarEntry(**data)


def test_ics_has_one_event_with_times_in_utc_and_escaped_text():
    raw = calendar_bytes([entry()])
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"VERSION:2.0" in raw
    assert b"PRODID:" in raw
    assert b"DTSTART:20260603T070000Z" in raw  # 09:00 in Berlin summer time
    assert b"DTEND:20260603T120000Z" in raw
    assert b"SUMMARY:Cobots in der Montage\\; sicher\\, zusammen" in raw
    parsed = Calendar.from_ical(raw)
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["uid"]) == "event-7@portal40"
    assert vevent.decoded("dtstart") == datetime(2026, 6, 3, 7, 0, tzinfo=UTC)
    assert str(vevent["location"]) == "TU Ilmenau, Labor"
    assert str(vevent["status"]) == "CONFIRMED"
    assert "https://portal.example/events/cobots/" in str(vevent["description"])


def test_cancelled_event_is_marked_cancelled_and_a_feed_holds_several():
    raw = calendar_bytes([entry(), entry(uid="event-8@portal40", cancelled=True)], name="Mine")
    parsed = Calendar.from_ical(raw)
    assert str(parsed["x-wr-calname"]) == "Mine"
    assert [str(v["status"]) for v in parsed.walk("VEVENT")] == ["CONFIRMED", "CANCELLED"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 3677 69-0", "'+49 3677 69-0"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Müller GmbH", "Müller GmbH"),
        ("a=b", "a=b"),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_starting_a_formula_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_has_header_and_neutralised_rows():
    text = csv_text(["Name", "Organisation"], [["=cmd|' /C calc'!A0", "Vogt; Söhne"]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Name", "Organisation"], ["'=cmd|' /C calc'!A0", "Vogt; Söhne"]]
