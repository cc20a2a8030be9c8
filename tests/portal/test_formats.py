"""English pages write dates the European way; German keeps Django's German formats."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation


def test_english_dates_day_first_and_a_24_hour_clock():
    moment = datetime(2026, 12, 7, 14, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    with translation.override("en"):
        assert formats.date_format(moment.date()) == "7 December 2026"
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "07/12/2026"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "07/12/2026 14:30"
        assert formats.time_format(moment.time()) == "14:30"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
    with translation.override("de"):
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "07.12.2026"
        assert formats.time_format(moment.time()) == "14:30"


def test_english_date_input_accepts_iso_and_day_first():
    from django import forms

    field = forms.DateField()
    with translation.override("en"):
        assert field.clean("2026-12-07") == date(2026, 12, 7)
        assert field.clean("07/12/2026") == date(2026, 12, 7)
