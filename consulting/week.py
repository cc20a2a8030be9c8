"""The slot picker's week: free appointments of one week, Monday to Friday, filtered by partner,
topic (partners with that competence) and format. Filters and week live in the URL, so a week
can be bookmarked and the page works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting.models import AvailabilitySlot
from consulting.selectors import active_topics, bookable_partners, free_slots
from portal.forms import model_choice_field
from portal.models import PartnerInstitution, Topic, User

WORKING_DAYS = 5  # the picker shows Monday to Friday; slots are offered on working days
WEEKS_AHEAD = 26  # how far "next week" may page


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def first_bookable_week(today: date) -> date:
    """The Monday of the first week whose working days are not all over: on Saturday and
    Sunday that is the coming week, so an SME looking at the weekend does not start on five
    past days."""
    if today.weekday() >= WORKING_DAYS:
        return monday_of(today) + timedelta(weeks=1)
    return monday_of(today)


class WeekFilterForm(forms.Form):
    """The picker's filters (GET). Unknown or bad values fall back to "all" / this week."""

    partner: forms.ModelChoiceField[PartnerInstitution] = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("All partners"),
    )
    topic: forms.ModelChoiceField[Topic] = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("All topics"),
    )
    mode = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *AvailabilitySlot.MODES],
    )
    week = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "partner").queryset = bookable_partners()
        model_choice_field(self, "topic").queryset = active_topics()


@dataclass(frozen=True)
class Day:
    day: date
    slots: list[AvailabilitySlot]


@dataclass
class Week:
    monday: date
    days: list[Day]
    query: dict[str, str]  # the filters, for links that keep them
    previous: date | None
    following: date | None
    next_free: date | None = None  # the Monday of the next week with a free slot, if this is empty
    count: int = field(default=0)

    def url_for(self, monday: date | None) -> str:
        if monday is None:
            return ""
        return "?" + urlencode({**self.query, "week": monday.isoformat()})

    @property
    def previous_url(self) -> str:
        return self.url_for(self.previous)

    @property
    def next_url(self) -> str:
        return self.url_for(self.following)

    @property
    def next_free_url(self) -> str:
        return self.url_for(self.next_free)

    @property
    def friday(self) -> date:
        return self.monday + timedelta(days=WORKING_DAYS - 1)


def _filtered(viewer: User, data: dict[str, Any]) -> Any:
    slots = free_slots(viewer=viewer, partner=data.get("partner"))
    if data.get("topic") is not None:
        slots = slots.filter(partner__competences=data["topic"])
    if data.get("mode"):
        slots = slots.filter(mode=data["mode"])
    return slots


def week_for(*, viewer: User, form: WeekFilterForm) -> Week:
    """The week the form asks for (this week if none or out of range), with its free slots."""
    data = form.cleaned_data if form.is_valid() else {}
    this_week = first_bookable_week(timezone.localdate())
    monday = monday_of(data.get("week") or this_week)
    if not this_week <= monday <= this_week + timedelta(weeks=WEEKS_AHEAD):
        monday = this_week
    tz = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    end = start + timedelta(days=7)
    slots = _filtered(viewer, data)
    in_week = list(slots.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"))
    days = [Day(monday + timedelta(days=n), []) for n in range(7)]
    for slot in in_week:
        days[timezone.localtime(slot.starts_at).weekday()].slots.append(slot)
    # Weekend slots (should a consultant offer one) are shown, weekend days without any are not.
    shown = days[:WORKING_DAYS] + [d for d in days[WORKING_DAYS:] if d.slots]
    query = {
        key: value
        for key, value in (
            ("partner", data["partner"].slug if data.get("partner") else ""),
            ("topic", data["topic"].slug if data.get("topic") else ""),
            ("mode", data.get("mode") or ""),
        )
        if value
    }
    week = Week(
        monday=monday,
        days=shown,
        query=query,
        previous=monday - timedelta(weeks=1) if monday > this_week else None,
        following=(
            monday + timedelta(weeks=1)
            if monday < this_week + timedelta(weeks=WEEKS_AHEAD)
            else None
        ),
        count=len(in_week),
    )
    if not in_week:
        later = slots.filter(starts_at__gte=end).order_by("starts_at").first()
        if later is not None:
            week.next_free = monday_of(timezone.localdate(later.starts_at))
    return week
