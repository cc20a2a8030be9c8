"""Requests: the partner's inbox, routing by the consortium, the SME's own requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
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
from consulting.views._common import active_partner
from portal.errors import BusinessRuleError


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    active = request.active_context
    if active.is_sme:
        items = selectors.requests_of_company(viewer=request.user)
        return render(request, "consulting/request_list_sme.html", {"items": items})
    if active.partner is None and not active.is_consortium:
        raise Http404
    status = request.GET.get("status", "")
    if status not in RequestStatus.values:
        status = ""
    items = selectors.inbox_for(viewer=request.user, partner=active.partner, status=status)
    return render(
        request,
        "consulting/request_inbox.html",
        {"items": items, "status": status, "statuses": RequestStatus.choices},
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.request_for(viewer=request.user, pk=pk)
    user = request.user
    active = request.active_context
    context: dict[str, Any] = {"item": item}
    is_handler = active.partner is not None and item.partner_id == active.partner.pk
    if is_handler and item.is_open:
        context["assign_form"] = AssignForm(partner=item.partner, initial={"consultant": user})
        context["schedule_form"] = ScheduleForm(
            initial={
                "starts_at": item.scheduled_start,
                "ends_at": item.scheduled_end,
                "mode": item.mode,
            }
        )
        context["decline_form"] = ReasonForm()
    if active.is_consortium and item.partner_id is None:
        suggestions = services.suggest_partners(item)
        context["suggestions"] = suggestions
        context["route_form"] = RouteForm(suggestions=suggestions)
    if permissions.is_member_of_company(user, item.company) and item.is_open:
        context["can_change"] = services.booking.can_still_change(item)
        context["reschedule_form"] = RescheduleForm(viewer=user, request=item)
    context["is_handler"] = is_handler
    return render(request, "consulting/request_detail.html", context)


def _request_action(request: HttpRequest, pk: int, action: Any) -> HttpResponse:
    item = selectors.request_for(viewer=request.user, pk=pk)
    try:
        message = action(item)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        if message:
            messages.success(request, message)
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    partner = active_partner(request)

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
def request_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    active_partner(request)

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
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    active_partner(request)

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
def request_route(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.active_context.is_consortium:
        raise Http404

    def action(item: Any) -> str:
        form = RouteForm(request.POST, suggestions=[])
        if not form.is_valid():
            raise BusinessRuleError(_("Please choose a partner."))
        services.route_request(
            actor=request.user, request=item, partner=form.cleaned_data["partner"]
        )
        return _("The request was routed.")

    return _request_action(request, pk, action)


@login_required
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def action(item: Any) -> str:
        services.cancel_request(actor=request.user, request=item)
        return _("Your request was cancelled.")

    return _request_action(request, pk, action)


@login_required
@require_POST
def request_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    def action(item: Any) -> str:
        form = RescheduleForm(request.POST, viewer=request.user, request=item)
        if not form.is_valid():
            raise BusinessRuleError(_("Please pick one of the free slots."))
        services.reschedule_request(
            actor=request.user, request=item, slot=form.cleaned_data["slot"]
        )
        return _("Your appointment was moved.")

    return _request_action(request, pk, action)
