"""`/dashboard/`: one page, a section per role, and what each app adds through its panels.py
(the hook contract: portal/panels.py). The dashboard names no app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import panels
from portal.active_context import ActiveContext
from portal.http import SignedInRequest
from portal.models import Membership, PartnerInstitution, StaffInvitation
from portal.panels import Stat
from portal.tenancy import consortium_scope


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    active: ActiveContext = request.active_context
    context: dict[str, Any] = {"active": active}
    stats = panels.dashboard_stats(request)
    if active.partner is not None:
        context["role"] = "partner_admin" if active.is_partner_admin else "consultant"
        context["partner"] = active.partner
        stats = sorted([*stats, *_partner_stats(request, active)], key=lambda s: s.order)
    elif active.is_consortium:
        context["role"] = "consortium"
        context.update(_consortium_section(request))
    elif active.is_sme:
        context["role"] = "sme"
    else:
        context["role"] = "none"
    context["stats"] = stats
    context["panels"] = panels.dashboard_panels(request)
    return render(request, "dashboard/dashboard.html", context)


def _partner_stats(request: SignedInRequest, active: ActiveContext) -> list[Stat]:
    partner = active.partner
    stats = [Stat(_("Staff members"), Membership.objects.filter(partner=partner).count())]
    if active.is_partner_admin:
        invitations = (
            StaffInvitation.objects.visible_to(request.user)
            .filter(partner=partner, accepted_at__isnull=True, revoked_at__isnull=True)
            .count()
        )
        stats.append(
            Stat(
                _("Open staff invitations"),
                invitations,
                url=reverse("staff_list"),
                link_text=_("Manage staff"),
                order=60,
            )
        )
    return stats


def _consortium_section(request: SignedInRequest) -> dict[str, Any]:
    """The partners with their staff, and each app's counts per partner (one audited entry
    into the consortium scope for all of them)."""
    partners = PartnerInstitution.objects.active().annotate(
        consultants=Count("memberships", filter=Q(memberships__role=Membership.Role.CONSULTANT)),
        admins=Count("memberships", filter=Q(memberships__role=Membership.Role.PARTNER_ADMIN)),
    )
    with consortium_scope(request.user, purpose="dashboard: figures per partner"):
        columns = panels.partner_columns(request)
    rows = [
        {
            "partner": p,
            "consultants": p.consultants,
            "admins": p.admins,
            "counts": [column.counts.get(p.pk, 0) for column in columns],
        }
        for p in partners
    ]
    unassigned = [column.counts.get(None, 0) for column in columns]
    return {
        "partner_columns": columns,
        "partner_rows": rows,
        "unassigned": unassigned if any(unassigned) else None,
    }
