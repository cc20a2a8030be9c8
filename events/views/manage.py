"""An organiser's workshops: the list, create, edit, publish, cancel and resize.

Each view names its check once, as a decorator from `_organiser.py`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from events import permissions, selectors, services
from events.forms import CancelEventForm, CapacityForm, EventForm
from events.models import Event
from events.views._organiser import (
    manages_event,
    partner_events_admin,
    partner_staff,
    runs_event,
)
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest
from portal.listing import Sort, build_listing
from portal.models import PartnerInstitution


class ManageListFilter(forms.Form):
    when = forms.ChoiceField(
        label=gettext_lazy("Workshops"),
        required=False,
        choices=[
            ("upcoming", gettext_lazy("Upcoming and drafts")),
            ("past", gettext_lazy("Past")),
            ("all", gettext_lazy("All")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


@partner_events_admin
def manage_create(request: SignedInRequest, partner: PartnerInstitution) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                actor=request.user,
                partner=partner,
                data=form.event_data(),
                capacity=form.cleaned_data["capacity"],
                topics=list(form.cleaned_data["topics"]),
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The workshop was saved as a draft."))
            return redirect(event.get_manage_url())
    return render(
        request,
        "events/manage/event_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@manages_event
def manage_edit(request: SignedInRequest, event: Event) -> HttpResponse:
    form = EventForm(request.POST or None, instance=event, with_capacity=False)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.update_event(
                actor=request.user,
                event=event,
                data=form.event_data(),
                topics=list(form.cleaned_data["topics"]),
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The workshop was saved."))
            return redirect(event.get_manage_url())
    return render(
        request,
        "events/manage/event_form.html",
        {"form": form, "event": event, "partner": event.organizer},
        status=400 if form.errors else 200,
    )


@require_GET
@runs_event
def manage_detail(request: SignedInRequest, event: Event) -> HttpResponse:
    return _render_manage_detail(request, event, CapacityForm(initial={"capacity": event.capacity}))


def _render_manage_detail(
    request: SignedInRequest, event: Event, capacity_form: CapacityForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "events/manage/event_detail.html",
        {
            "event": event,
            "lists": selectors.participants(viewer=request.user, event=event),
            "figures": selectors.feedback_figures(viewer=request.user, event=event),
            "capacity_form": capacity_form,
            "can_manage": permissions.can_manage_event(request.user, event),
        },
        status=status,
    )


@require_POST
@manages_event
def manage_publish(request: SignedInRequest, event: Event) -> HttpResponse:
    try:
        services.publish_event(actor=request.user, event=event)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The workshop is published in the calendar."))
    return redirect(event.get_manage_url())


@manages_event
def manage_cancel(request: SignedInRequest, event: Event) -> HttpResponse:
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The workshop is cancelled; everyone registered is told."))
            return redirect(event.get_manage_url())
    return render(
        request,
        "events/manage/event_cancel.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@require_POST
@manages_event
def manage_capacity(request: SignedInRequest, event: Event) -> HttpResponse:
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            services.set_capacity(
                event=event, capacity=form.cleaned_data["capacity"], actor=request.user
            )
        except BusinessRuleError as error:
            form.add_error("capacity", error.message)
        else:
            messages.success(request, _("The number of seats was changed."))
            return redirect(event.get_manage_url())
    return _render_manage_detail(request, event, form, status=400)


@require_GET
@partner_staff
def manage_list(request: SignedInRequest, partner: PartnerInstitution) -> HttpResponse:
    filters = ManageListFilter(request.GET)
    when = (filters.cleaned_data.get("when") if filters.is_valid() else "") or "upcoming"
    listing = build_listing(
        request,
        selectors.managed_events_for_list(viewer=request.user, partner=partner, when=when),
        columns=[
            Sort("title", _("Workshop"), "title"),
            Sort("start", _("Start"), "start"),
            Sort("status", _("Status"), "status"),
            Sort("seats", _("Seats taken"), "seats_taken"),
            Sort("waitlist", _("Waitlist"), "waitlist_length"),
        ],
        # Upcoming ones soonest first, past ones latest first.
        default_sort="start" if when == "upcoming" else "-start",
        search_fields=("title", "venue"),
        numeric=("seats", "waitlist"),
    )
    return render(
        request,
        "events/manage/event_list.html",
        {
            "partner": partner,
            "listing": listing,
            "filters": filters,
            "can_create": permissions.can_manage_events_of(request.user, partner),
        },
    )
