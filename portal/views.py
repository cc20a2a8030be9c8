"""Public pages and the context switch (the probes are in portal/operations/health.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import panels, services
from portal.active_context import choose_active_context
from portal.errors import BusinessRuleError
from portal.forms import ProfileForm
from portal.http import PortalRequest, SignedInRequest
from portal.models import PartnerInstitution, Topic
from portal.offers import CENTRE_OFFERS


def home(request: PortalRequest) -> HttpResponse:
    partners = PartnerInstitution.objects.active().prefetch_related("competences")
    return render(
        request,
        "portal/home.html",
        {
            "partners": partners,
            "offers": CENTRE_OFFERS,
            "topics": Topic.objects.filter(is_active=True),
            "panels": panels.home_panels(request),
        },
    )


def partner_list(request: PortalRequest) -> HttpResponse:
    partners = PartnerInstitution.objects.active().prefetch_related("competences")
    return render(request, "portal/partner_list.html", {"partners": partners})


def partner_detail(request: PortalRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(
        PartnerInstitution.objects.active().prefetch_related("competences"), slug=slug
    )
    return render(
        request,
        "portal/partner_detail.html",
        {"partner": partner, "description": partner.localized_description(get_language() or "de")},
    )


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    """One's own name and the language of the portal's e-mails."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                actor=request.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                language=form.cleaned_data["language"],
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("profile")
    return render(request, "portal/profile.html", {"form": form})


@require_POST
def switch_context(request: PortalRequest) -> HttpResponse:
    """The navigation's switcher: act for another of the user's partners, or the consortium."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    if not choose_active_context(request, request.POST.get("context", "")):
        messages.error(request, _("You cannot act for this institution."))
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    return redirect(next_url or "dashboard")
