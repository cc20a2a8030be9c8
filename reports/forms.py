"""The period (and, for the consortium, partner) a report covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import reference
from portal.forms import CalendarDateField, model_choice_field
from portal.models import PartnerInstitution
from portal.validators import LAST_YEAR

FIRST_YEAR = 2015  # the funding initiative started in 2015; no figures before that
YEAR_ERRORS = {
    "min_value": _("Figures start in %(limit_value)s."),
    "max_value": _("Please choose a year up to %(limit_value)s."),
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(start, end - timedelta(days=1), f"Q{quarter} {year}")


class PeriodForm(forms.Form):
    KIND_QUARTER = "quarter"
    KIND_YEAR = "year"
    KIND_RANGE = "range"

    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (KIND_QUARTER, _("Quarter")),
            (KIND_YEAR, _("Year")),
            (KIND_RANGE, _("From – to")),
        ],
        initial=KIND_QUARTER,
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, error_messages=YEAR_ERRORS
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        choices=[("", "—"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
    )
    date_from = CalendarDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = CalendarDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=PartnerInstitution.objects.none(),
        required=False,
        empty_label=_("All partners"),
        error_messages={"invalid_choice": _("There is no such partner. Please choose one.")},
    )

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        """`partners`: the choice for consortium admins; None leaves the field out."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].validators.append(MaxValueValidator(today.year + 1))
        if partners is None:
            del self.fields["partner"]
        else:
            field = model_choice_field(self, "partner")
            field.queryset = partners
            # The options come from portal/reference.py (no query while the partners are
            # unchanged: the consortium's page has a budget of 25, issue #18); a chosen one is
            # still looked up in `partners`.
            active = sorted(reference.choices()[1], key=lambda partner: partner[1])
            field.choices = [("", field.empty_label), *active]

    @classmethod
    def default_data(cls) -> dict[str, str]:
        year, quarter = quarter_of(timezone.localdate())
        return {"kind": cls.KIND_QUARTER, "year": str(year), "quarter": str(quarter)}

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        needs_year = kind in (self.KIND_QUARTER, self.KIND_YEAR)
        if needs_year and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Please enter a year."))
        if kind == self.KIND_QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("Please choose a quarter."))
        if kind == self.KIND_RANGE:
            start, end = data.get("date_from"), data.get("date_to")
            if start is None and "date_from" not in self.errors:
                self.add_error("date_from", _("Please enter the first day."))
            if end is None and "date_to" not in self.errors:
                self.add_error("date_to", _("Please enter the last day."))
            if start and end and start > end:
                self.add_error("date_to", _("The last day must not be before the first day."))
            if start and start.year < FIRST_YEAR:
                self.add_error("date_from", _("Figures start in %(year)s.") % {"year": FIRST_YEAR})
            if start and end and (end - start).days > 366 * 5:
                self.add_error("date_to", _("Please choose at most five years."))
        return data

    def period(self) -> Period:
        """The chosen period; only after is_valid()."""
        data = self.cleaned_data
        if data["kind"] == self.KIND_QUARTER:
            return quarter_period(data["year"], data["quarter"])
        if data["kind"] == self.KIND_YEAR:
            return Period(date(data["year"], 1, 1), date(data["year"], 12, 31), str(data["year"]))
        start, end = data["date_from"], data["date_to"]
        return Period(start, end, f"{start:%Y-%m-%d} – {end:%Y-%m-%d}")


class QuarterForm(forms.Form):
    """The quarter of a quarterly report PDF (and, for the consortium, the partner or all)."""

    # A quarter that has not begun is refused by the service (with its own message); a year no
    # date can hold (10^23) is refused here.
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, error_messages=YEAR_ERRORS
    )
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=PartnerInstitution.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("There is no such partner. Please choose one.")},
    )

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is None:
            del self.fields["partner"]
        else:
            model_choice_field(self, "partner").queryset = partners
