"""Forms of the lab directory, trial requests and decisions, and the partner's lab editor.

Choice querysets come from selectors in `__init__`, never from a class-level `.all()`.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from labs import selectors
from labs.models import WEEKDAYS, Lab, TrialPurpose, hours_json
from portal.forms import (
    CalendarDateField,
    CalendarDateTimeField,
    IdsMultipleChoiceField,
    model_choice_field,
)
from portal.models import PartnerInstitution, Topic, User

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return CalendarDateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        **kwargs,
    )


def _date_field(label: Any) -> forms.DateField:
    return CalendarDateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class _Window(forms.Form):
    starts_at = _datetime_field(_("From"))
    ends_at = _datetime_field(_("Until"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class LabFilterForm(forms.Form):
    """The directory's filters: all optional; bad values are reported and ignored."""

    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), required=False, to_field_name="slug"
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=PartnerInstitution.objects.none(),
        required=False,
        to_field_name="slug",
    )
    words = forms.CharField(
        label=_("Equipment or keyword"), required=False, max_length=100, strip=True
    )
    free_from = _date_field(_("Free between"))
    free_until = _date_field(_("and"))

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "topic").queryset = selectors.directory_topics(viewer=viewer)
        model_choice_field(self, "partner").queryset = selectors.directory_partners(viewer=viewer)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("free_from"), data.get("free_until")
        if start and end and end < start:
            self.add_error("free_until", _("The second date must not be before the first."))
        return data

    def filters(self) -> selectors.LabFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.LabFilters(
            topic=data.get("topic"),
            partner=data.get("partner"),
            words=data.get("words", ""),
            free_from=data.get("free_from"),
            free_until=data.get("free_until"),
        )


class WindowRangeForm(forms.Form):
    """A lab page's "show free windows between ... and ...": choose dates first."""

    free_from = _date_field(_("From"))
    free_until = _date_field(_("Until"))


class TrialRequestForm(_Window):
    purpose = forms.ChoiceField(
        label=_("We want to test"), choices=TrialPurpose.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What exactly do you want to test?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    brings = forms.CharField(
        label=_("What do you bring?"),
        required=False,
        max_length=2000,
        help_text=_("Prototypes, parts, software, data."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=20, initial=2)
    other_times = forms.CharField(
        label=_("Other times that would suit you"), required=False, max_length=500
    )
    confidential = forms.BooleanField(
        label=_("Our development is confidential (the guide keeps it so)"), required=False
    )


def _guide_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Guide"), queryset=User.objects.none())


class ApproveForm(forms.Form):
    prefix = "approve"  # one page holds several of these forms: unique ids

    guide = _guide_field()

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "guide").queryset = lab.guides.filter(is_active=True)


class ProposeForm(_Window):
    prefix = "propose"  # one page holds several of these forms: unique ids

    guide = _guide_field()

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "guide").queryset = lab.guides.filter(is_active=True)


class DeclineForm(forms.Form):
    prefix = "decline"  # one page holds several of these forms: unique ids

    reason = forms.CharField(label=_("Reason (the company reads it)"), max_length=500)


class CancelForm(forms.Form):
    prefix = "cancel"  # one page holds several of these forms: unique ids

    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    prefix = "outcome"  # one page holds several of these forms: unique ids

    tested = forms.CharField(
        label=_("What was tested"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    result = forms.CharField(
        label=_("Result"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    topics = IdsMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    may_cite = forms.BooleanField(
        label=_("The company agrees to be cited as a good-practice case"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "topics").queryset = Topic.objects.filter(is_active=True)


class LabForm(forms.ModelForm):
    """A partner admin's lab: details, publication, and one opening-hours pair per weekday."""

    topics = IdsMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guides = IdsMultipleChoiceField(
        label=_("Guides (qualified staff)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Lab
        fields = [
            "name",
            "description",
            "equipment",
            "address",
            "room",
            "capacity",
            "notice_days",
            "max_trial_hours",
            "photo",
            "photo_alt",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "equipment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, partner: PartnerInstitution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "topics").queryset = Topic.objects.filter(is_active=True)
        model_choice_field(self, "guides").queryset = selectors.partner_staff(partner)
        hours = self.instance.hours if self.instance.pk else {}
        for day, label in WEEKDAYS:
            opens, closes = hours.get(day, (None, None))
            self.fields[f"opens_{day}"] = forms.TimeField(
                label=_("%(day)s opens") % {"day": label},
                required=False,
                initial=opens,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"closes_{day}"] = forms.TimeField(
                label=_("%(day)s closes") % {"day": label},
                required=False,
                initial=closes,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
        if self.instance.pk:
            self.initial.setdefault("topics", list(self.instance.topics.all()))
            self.initial.setdefault("guides", list(self.instance.guides.all()))

    @property
    def weekday_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(label, self[f"opens_{day}"], self[f"closes_{day}"]) for day, label in WEEKDAYS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        hours: dict[int, tuple[time, time]] = {}
        for day, label in WEEKDAYS:
            opens, closes = data.get(f"opens_{day}"), data.get(f"closes_{day}")
            if opens is None and closes is None:
                continue
            if opens is None or closes is None or closes <= opens:
                self.add_error(
                    f"closes_{day}",
                    ValidationError(
                        _("%(day)s: give an opening and a later closing time, or neither.")
                        % {"day": label}
                    ),
                )
                continue
            hours[day] = (opens, closes)
        data["opening_hours"] = hours_json(hours)
        return data


class BlackoutForm(_Window):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
