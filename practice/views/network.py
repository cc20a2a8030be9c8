"""Referrals to network partners (consultants) and keeping the list (consortium admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import active_context_or_404, active_partner_or_404
from portal.errors import BusinessRuleError, PermissionRefused
from portal.http import SignedInRequest
from practice import permissions, selectors, services
from practice.forms import NetworkPartnerForm, OutcomeForm, ReferralForm


@login_required
def referral_list(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    referrals = selectors.partner_referrals(viewer=request.user, partner=partner)
    return render(
        request,
        "practice/referral_list.html",
        {"referrals": referrals, "today": timezone.localdate()},
    )


@login_required
def referral_create(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    initial = {}
    if request.GET.get("company"):
        initial["company"] = request.GET["company"]
    if request.GET.get("to"):
        initial["network_partner"] = request.GET["to"]
    form = ReferralForm(request.POST or None, viewer=request.user, partner=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.refer_company(
                actor=request.user,
                partner=partner,
                company=data["company"],
                network_partner=data["network_partner"],
                reason=data["reason"],
                consent_given_by=data["consent_given_by"],
                follow_up_on=data["follow_up_on"],
                topics=list(data["topics"]),
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The referral was recorded."))
            return redirect("practice:referral_list")
    return render(request, "practice/referral_form.html", {"form": form})


@login_required
def referral_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = active_partner_or_404(request)
    referral = selectors.referral_for(viewer=request.user, partner=partner, pk=pk)
    form = OutcomeForm(
        request.POST or None,
        initial={"outcome": referral.outcome, "note": referral.outcome_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_referral_outcome(
                actor=request.user,
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect("practice:referral_list")
    return render(request, "practice/referral_detail.html", {"referral": referral, "form": form})


@login_required
def network_edit(request: SignedInRequest, slug: str | None = None) -> HttpResponse:
    """Create (no slug) or change a network partner: consortium admins acting as such."""
    active_context_or_404(request, consortium=True)
    if not permissions.can_keep_network(request.user):
        raise Http404
    found = selectors.network_partner(slug=slug, include_inactive=True) if slug else None
    form = NetworkPartnerForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_network_partner(
                actor=request.user, data=form.partner_data(), network_partner=found
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The network partner was saved."))
            if saved.is_active:
                return redirect(saved.get_absolute_url())
            return redirect("practice:network_list")
    return render(request, "practice/network_form.html", {"form": form, "network_partner": found})
