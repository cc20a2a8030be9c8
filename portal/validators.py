"""Bounds on what a person may type into a form, shared by every app's forms (issue #11).

Python's dates end at the years 1 and 9999: a workshop starting in year 1 cannot be converted
to UTC, weekly slots from December 9999 cannot be repeated, a calendar month of 9999-12 has no
month after it. Each of those was a 500. The portal's records are of today's firms, so a date
outside FIRST_YEAR..LAST_YEAR is a typing error and gets a message instead.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1900
LAST_YEAR = 2100


def validate_calendar_date(value: date) -> None:
    """A date (or datetime) within FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Please enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
