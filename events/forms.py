"""Forms of the workshop pages. Choice querysets come from selectors in __init__ (design §3)."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date
from typing import Any, cast

from django import forms
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from events import selectors
from events.models import Event
from portal.forms import (
    CalendarDateTimeField,
    IdsMultipleChoiceField,
    choice_field,
    model_choice_field,
)
from portal.models import Topic
from portal.validators import FIRST_YEAR, LAST_YEAR


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
        widget=forms.TextInput(attrs={"type": "month"}),  # no placeholder: month inputs take none
    )

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[Any, Any]] = [("", _("All"))]
        topics, partners = selectors.filter_choices(request)
        choice_field(self, "topic").choices = everything + topics
        choice_field(self, "partner").choices = everything + partners
        choice_field(self, "format").choices = everything + list(Event.Format.choices)

    def clean_month(self) -> date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            pycalendar.monthrange(year, month)
            first = date(year, month, 1)
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                _("Enter the month as year and month, e.g. 2026-05.")
            ) from None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            # The month after December 9999 (the end of the filter) does not exist.
            raise forms.ValidationError(
                _("Enter a month between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return first

    @cached_property
    def fields_html(self) -> dict[str, SafeString]:
        """Each filter as Bootstrap markup (label, control, error), built here rather than by
        crispy's templates: the calendar renders it for every distinct filter (issue #18)."""
        return {name: _field_html(self[name]) for name in self.fields}

    @property
    def render_key(self) -> tuple[object, ...]:
        """Everything the rendered filter shows besides the language: the choices and what
        was asked (errors follow from it). The key of its piece in portal/fragments.py."""
        asked = tuple((name, self.data.get(name)) for name in self.fields) if self.is_bound else ()
        choices = tuple(
            (value, str(label))  # str: a lazy label's repr would differ on every request
            for name in ("topic", "partner")
            for value, label in _choices(choice_field(self, name))
        )
        return (choices, asked)

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


def _choices(field: forms.Field) -> list[tuple[Any, Any]]:
    """A choice field's (flat) choices, as set in the form's __init__."""
    return cast(list[tuple[Any, Any]], cast(forms.ChoiceField, field).choices)


def _field_html(bound: forms.BoundField) -> SafeString:
    field_id = bound.auto_id
    invalid = bool(bound.errors)
    kind = "form-select" if isinstance(bound.field, forms.ChoiceField) else "form-control"
    attrs = format_html(
        ' id="{}" name="{}" class="{}{}"{}',
        field_id,
        bound.html_name,
        kind,
        " is-invalid" if invalid else "",
        format_html(' aria-invalid="true" aria-describedby="{}_error"', field_id)
        if invalid
        else "",
    )
    value = bound.value()
    current = "" if value is None else str(value)
    if isinstance(bound.field, forms.ChoiceField):
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, mark_safe(" selected") if str(choice) == current else "", label)
                for choice, label in _choices(bound.field)
            ),
        )
        control = format_html("<select{}>{}</select>", attrs, options)
    else:
        widget_attrs = bound.field.widget.attrs
        control = format_html(
            '<input type="{}" value="{}" placeholder="{}"{}>',
            widget_attrs.get("type", "text"),
            current,
            widget_attrs.get("placeholder", ""),
            attrs,
        )
    errors = (
        format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field_id,
            format_html_join("", "<p>{}</p>", ((error,) for error in bound.errors)),
        )
        if invalid
        else ""
    )
    return format_html(
        '<div class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        field_id,
        bound.label,
        control,
        errors,
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
        field_classes = {
            "start": CalendarDateTimeField,
            "end": CalendarDateTimeField,
            "registration_opens": CalendarDateTimeField,
            "registration_closes": CalendarDateTimeField,
        }

    def __init__(self, *args: Any, with_capacity: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "topics").queryset = Topic.objects.filter(is_active=True)
        if not with_capacity:
            # Seats change through set_capacity (it locks and promotes from the waitlist).
            del self.fields["capacity"]
        for name in ("start", "end", "registration_opens", "registration_closes"):
            field = cast(forms.DateTimeField, self.fields[name])
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

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
