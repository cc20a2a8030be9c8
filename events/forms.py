"""Forms of the workshop pages. Choice querysets come from selectors in __init__ (design §3)."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from events import selectors
from events.models import Event
from portal.forms import IdsMultipleChoiceField
from portal.models import Topic


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CalendarFilterForm(forms.Form):
    """The calendar's filters (GET). Invalid values are ignored with a message, never a 500."""

    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    partner = forms.TypedChoiceField(
        label=_("Partner"), required=False, coerce=int, empty_value=None
    )
    format = forms.ChoiceField(label=_("Format"), required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-05"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["topic"].choices = everything + selectors.topic_choices()
        self.fields["partner"].choices = everything + selectors.partner_choices()
        self.fields["format"].choices = everything + list(Event.Format.choices)

    def clean_month(self) -> date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            pycalendar.monthrange(year, month)
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                _("Enter the month as year and month, e.g. 2026-05.")
            ) from None

    def filters(self) -> selectors.CalendarFilters:
        if not self.is_valid():
            return selectors.CalendarFilters()
        data = self.cleaned_data
        return selectors.CalendarFilters(
            topic=data.get("topic"),
            partner=data.get("partner"),
            format=data.get("format") or "",
            month=data.get("month"),
        )


class EventForm(forms.ModelForm):
    """Create or edit a workshop. The model's clean() holds the rules (end after start ...)."""

    topics = IdsMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one topic.")},
    )

    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to confirmed participants only."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "topics",
            "format",
            "venue",
            "online_url",
            "start",
            "end",
            "capacity",
            "registration_opens",
            "registration_closes",
            "language",
            "target_group",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
        }
        error_messages = {
            "capacity": {
                "min_value": _("Please enter a capacity of at least one seat."),
            },
        }

    def __init__(self, *args: Any, with_capacity: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        if not with_capacity:
            # Seats change through set_capacity (it locks and promotes from the waitlist).
            del self.fields["capacity"]
        for name in ("start", "end", "registration_opens", "registration_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def event_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"topics", "capacity"}}


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=10000,
        error_messages={
            "min_value": _("Please enter a capacity of at least one seat."),
            "invalid": _("Please enter a whole number of seats."),
            "required": _("Please enter the number of seats."),
        },
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered for the workshop."),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the workshop for you?"),
        coerce=int,
        choices=[
            (1, _("1 – not useful")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – very useful")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
