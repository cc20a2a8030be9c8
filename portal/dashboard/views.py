"""`/dashboard/`: one page, a section per role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consulting import selectors as consulting
from consulting.forms import ColleagueInvitationForm
from portal import panels
from portal.active_context import ActiveContext
from portal.models import Membership, PartnerInstitution, StaffInvitation
from portal.tenancy import consortium_scope


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    active: ActiveContext = request.active_context
    user = request.user
    context: dict[str, Any] = {"active": active}
    if active.partner is not None:
        context["role"] = "partner_admin" if active.is_partner_admin else "consultant"
        context.update(_partner_section(request, active))
    elif active.is_consortium:
        context["role"] = "consortium"
        context.update(_consortium_section(user))
    elif active.is_sme:
        context["role"] = "sme"
        context.update(_sme_section(user))
    else:
        context["role"] = "none"
    context["panels"] = panels.dashboard_panels(request)
    return render(request, "portal/dashboard.html", context)


def _partner_section(request: HttpRequest, active: ActiveContext) -> dict[str, Any]:
    partner = active.partner
    section: dict[str, Any] = {
        "partner": partner,
        "company_count": consulting.company_count_visible_to(request.user),
        "staff_count": Membership.objects.filter(partner=partner).count(),
    }
    if active.is_partner_admin:
        section["open_invitations"] = (
            StaffInvitation.objects.visible_to(request.user)
            .filter(partner=partner, accepted_at__isnull=True, revoked_at__isnull=True)
            .count()
        )
    return section


def _consortium_section(user: Any) -> dict[str, Any]:
    partners = PartnerInstitution.objects.active().annotate(
        consultants=Count("memberships", filter=Q(memberships__role=Membership.Role.CONSULTANT)),
        admins=Count("memberships", filter=Q(memberships__role=Membership.Role.PARTNER_ADMIN)),
    )
    with consortium_scope(user, purpose="dashboard: companies per partner"):
        companies = consulting.company_counts_by_lead_partner()
    rows = [
        {
            "partner": p,
            "consultants": p.consultants,
            "admins": p.admins,
            "companies": companies.get(p.pk, 0),
        }
        for p in partners
    ]
    return {"partner_rows": rows, "unrouted_companies": companies.get(None, 0)}


def _sme_section(user: Any) -> dict[str, Any]:
    return {
        "company": consulting.company_of(user),
        "colleagues": consulting.colleagues_of(user),
        "colleague_invitations": consulting.open_colleague_invitations(user),
        "colleague_form": ColleagueInvitationForm(),
    }
