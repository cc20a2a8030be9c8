"""Availability slots (consultants) and online booking (SMEs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import selectors, services
from consulting.forms import (
    BookingForm,
    SlotForm,
)
from consulting.models import AvailabilitySlot
from consulting.views._common import active_partner, form_error
from portal.access import get_visible_or_404
from portal.errors import BusinessRuleError


@login_required
def slot_list(request: HttpRequest) -> HttpResponse:
    partner = active_partner(request)
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slots = services.publish_slots(
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
            messages.success(request, _("%(n)s slot(s) published.") % {"n": len(slots)})
            return redirect("consulting:slot_list")
    slots = selectors.my_slots(viewer=request.user, partner=partner)
    return render(request, "consulting/slot_list.html", {"form": form, "slots": slots})


@login_required
@require_POST
def slot_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    active_partner(request)
    slot = get_visible_or_404(AvailabilitySlot, request.user, pk=pk)
    try:
        services.withdraw_slot(actor=request.user, slot=slot)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The slot was withdrawn."))
    return redirect("consulting:slot_list")


@login_required
def book(request: HttpRequest) -> HttpResponse:
    if not request.active_context.is_sme:
        raise Http404
    initial = {}
    slugs = [s for s in request.GET.get("topics", "").split(",") if s]
    if slugs:
        initial["topics"] = list(selectors.active_topics().filter(slug__in=slugs))
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
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Thank you! Your request was sent; a confirmation e-mail is on its way.")
            )
            return redirect(booked.get_absolute_url())
    return render(request, "consulting/book.html", {"form": form})
