"""Requests: the partner's inbox, routing by the consortium, the SME's own requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consulting import permissions, selectors, services
from consulting.forms import (
    AssignForm,
    ReasonForm,
    RescheduleForm,
    RouteForm,
    ScheduleForm,
)
from consulting.models import RequestStatus
from consulting.services.lifecycle import REQUEST_LIFECYCLE
from portal import confirm
from portal.access import active_context_or_404, active_partner_or_404
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest
from portal.listing import Sort, build_listing


class InboxFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("open")), *RequestStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


@login_required
def request_list(request: SignedInRequest) -> HttpResponse:
    active = request.active_context
    if active.is_sme:
        items = selectors.requests_of_company(viewer=request.user)
        return render(request, "consulting/request_list_sme.html", {"items": items})
    active_context_or_404(request, partner=True, consortium=True)
    filters = InboxFilter(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    items = selectors.inbox_for(viewer=request.user, partner=active.partner, status=status)
    listing = build_listing(
        request,
        items,
        columns=[
            Sort("request", _("Request"), ("company__name",)),
            Sort("sent", _("Sent"), "created_at"),
            _("Topics"),
            _("Partner"),
            Sort("appointment", _("Appointment"), "scheduled_start"),
            Sort("status", _("Status"), "status"),
        ],
        default_sort="-sent",
        search_fields=("company__name", "description"),
    )
    return render(
        request,
        "consulting/request_inbox.html",
        {"items": listing.page, "listing": listing, "filters": filters},
    )


@login_required
def request_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    item = selectors.request_for(viewer=request.user, pk=pk)
    user = request.user
    active = request.active_context
    # The life cycle says which moves are possible now; the page offers only those.
    moves = REQUEST_LIFECYCLE.allowed_moves(item)
    context: dict[str, Any] = {"item": item, "moves": moves}
    erased = item.company.is_erased
    is_handler = active.partner is not None and item.partner_id == active.partner.pk
    if is_handler and not erased:
        if {"accept", "confirm"} & moves:
            context["assign_form"] = AssignForm(
                partner=item.partner, initial={"consultant": item.consultant or user}
            )
        if "schedule" in moves:
            context["schedule_form"] = ScheduleForm(
                initial={
                    "starts_at": item.scheduled_start,
                    "ends_at": item.scheduled_end,
                    "mode": item.mode,
                }
            )
        if "decline" in moves:
            context["decline_form"] = ReasonForm()
    context["erased"] = erased
    if active.is_consortium and "route" in moves:
        suggestions = services.suggest_partners(item)
        context["suggestions"] = suggestions
        context["route_form"] = RouteForm(suggestions=suggestions)
    if item.status == RequestStatus.COMPLETED:
        context["outcome"] = selectors.shared_outcome(viewer=user, request=item)
    if permissions.is_member_of_company(user, item.company) and item.is_open:
        context["can_change"] = "cancel" in moves
        if "reschedule" in moves:
            context["reschedule_form"] = RescheduleForm(viewer=user, request=item)
    context["is_handler"] = is_handler
    return render(request, "consulting/request_detail.html", context)


def _request_action(
    request: SignedInRequest, pk: int, action: Any, *, done_url: str = ""
) -> HttpResponse:
    """Run `action`; on success go to `done_url` (a page the actor may still see afterwards),
    else back to the request with the refusal."""
    item = selectors.request_for(viewer=request.user, pk=pk)
    try:
        message = action(item)
    except BusinessRuleError as error:
        messages.error(request, error.message)
        return redirect(item.get_absolute_url())
    if message:
        messages.success(request, message)
    return redirect(done_url or item.get_absolute_url())


@login_required
@require_POST
def request_assign(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = active_partner_or_404(request)

    def action(item: Any) -> str:
        form = AssignForm(request.POST, partner=partner)
        if not form.is_valid():
            raise BusinessRuleError(_("Please choose a consultant."))
        services.assign_request(
            actor=request.user, request=item, consultant=form.cleaned_data["consultant"]
        )
        return _("The request was accepted and assigned.")

    return _request_action(request, pk, action)


@login_required
@require_POST
def request_schedule(request: SignedInRequest, pk: int) -> HttpResponse:
    active_partner_or_404(request)

    def action(item: Any) -> str:
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise BusinessRuleError(_("Please enter a valid start, end and format."))
        data = form.cleaned_data
        services.schedule_request(
            actor=request.user,
            request=item,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            mode=data["mode"],
        )
        return _("The appointment was set; the company was informed.")

    return _request_action(request, pk, action)


@login_required
@require_POST
def request_decline(request: SignedInRequest, pk: int) -> HttpResponse:
    active_partner_or_404(request)
    item = selectors.request_for(viewer=request.user, pk=pk)
    if ReasonForm(request.POST).is_valid() and not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Decline request #%(n)s of %(company)s?")
            % {"n": item.pk, "company": item.company.name},
            detail=_("The company is told, with your reason."),
            button=_("Yes, decline the request"),
            back_url=item.get_absolute_url(),
        )

    def action(item: Any) -> str:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            raise BusinessRuleError(_("Please give the company a reason."))
        services.decline_request(
            actor=request.user, request=item, reason=form.cleaned_data["reason"]
        )
        return _("The request was declined; the company was informed.")

    return _request_action(request, pk, action)


@login_required
@require_POST
def request_route(request: SignedInRequest, pk: int) -> HttpResponse:
    active_context_or_404(request, consortium=True)

    def action(item: Any) -> str:
        form = RouteForm(request.POST, suggestions=[])
        if not form.is_valid():
            raise BusinessRuleError(_("Please choose a partner."))
        partner = form.cleaned_data["partner"]
        services.route_request(actor=request.user, request=item, partner=partner)
        return _("The request was routed to %(partner)s; its staff were informed.") % {
            "partner": partner.short_name
        }

    # Once routed, the request is the partner's: the consortium admin goes back to the inbox.
    return _request_action(request, pk, action, done_url=reverse("consulting:request_list"))


@login_required
@require_POST
def request_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    item = selectors.request_for(viewer=request.user, pk=pk)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Cancel your consultation request #%(n)s?") % {"n": item.pk},
            detail=_("An appointment already agreed is given up; the consultant is told."),
            button=_("Yes, cancel the request"),
            back=_("No, keep it"),
            back_url=item.get_absolute_url(),
        )

    def action(item: Any) -> str:
        services.cancel_request(actor=request.user, request=item)
        return _("Your request was cancelled.")

    return _request_action(request, pk, action)


@login_required
@require_POST
def request_reschedule(request: SignedInRequest, pk: int) -> HttpResponse:
    def action(item: Any) -> str:
        form = RescheduleForm(request.POST, viewer=request.user, request=item)
        if not form.is_valid():
            raise BusinessRuleError(_("Please pick one of the free slots."))
        services.reschedule_request(
            actor=request.user, request=item, slot=form.cleaned_data["slot"]
        )
        return _("Your appointment was moved.")

    return _request_action(request, pk, action)
