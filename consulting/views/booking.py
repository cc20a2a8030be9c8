"""Availability slots (consultants) and online booking (SMEs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import selectors, services
from consulting.forms import (
    BookingForm,
    SlotForm,
)
from consulting.models import AvailabilitySlot, ConsultationRequest
from consulting.views._common import form_error
from consulting.week import WeekFilterForm, week_for
from portal.access import active_context_or_404, active_partner_or_404, get_visible_or_404
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest
from portal.listing import Header, Sort, build_listing


@login_required
def slot_list(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            published = services.publish_slots(
                actor=request.user,
                partner=partner,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                mode=data["mode"],
                weekly_repeats=data["weekly_repeats"],
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("%(n)s slot(s) published.") % {"n": len(published)})
            return redirect("consulting:slot_list")
    listing = build_listing(
        request,
        selectors.my_slots(viewer=request.user, partner=partner),
        columns=[
            Sort("when", _("When"), "starts_at"),
            Sort("format", _("Format"), "mode"),
            Sort("booked", _("Booked by"), "booking__company__name"),
            Header(_("Actions"), hidden=True),
        ],
        default_sort="when",
        search_fields=("booking__company__name",),
    )
    return render(
        request,
        "consulting/slot_list.html",
        {"form": form, "slots": listing.page, "listing": listing},
    )


@login_required
@require_POST
def slot_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    active_partner_or_404(request)
    slot = get_visible_or_404(AvailabilitySlot, request.user, pk=pk)
    try:
        services.withdraw_slot(actor=request.user, slot=slot)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The slot was withdrawn."))
    return redirect("consulting:slot_list")


@login_required
def book(request: SignedInRequest) -> HttpResponse:
    active_context_or_404(request, sme=True)
    initial = {}
    slugs = [s for s in request.GET.get("topics", "").split(",") if s]
    if slugs:
        initial["topics"] = list(selectors.active_topics().filter(slug__in=slugs))
    if request.method == "POST":
        # The same form sent again (a double click, a reload): its request, not a second one.
        earlier = selectors.request_of_submission(
            viewer=request.user, submission=request.POST.get("submission", "")
        )
        if earlier is not None:
            return _booked(request, earlier)
    week_form = WeekFilterForm(request.GET)
    week = week_for(viewer=request.user, form=week_form)
    if week_form.is_valid() and week_form.cleaned_data.get("partner"):
        initial["preferred_partner"] = week_form.cleaned_data["partner"]
    form = BookingForm(request.POST or None, viewer=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booked = services.book_consultation(
                actor=request.user,
                topics=data["topics"],
                description=data["description"],
                preferred_partner=data["preferred_partner"],
                slot=data["slot"],
                proposed_times=data["proposed_times"],
                submission=data["submission"],
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            return _booked(request, booked)
    chosen = form["slot"].value() if form.is_bound else None
    return render(
        request,
        "consulting/book.html",
        {
            "form": form,
            "week_form": week_form,
            "week": week,
            "chosen_slot": str(chosen or ""),
            "company": selectors.company_of(request.user),
        },
    )


def _booked(request: SignedInRequest, booked: ConsultationRequest) -> HttpResponse:
    messages.success(
        request, _("Thank you! Your request was sent; a confirmation e-mail is on its way.")
    )
    return redirect(booked.get_absolute_url())
