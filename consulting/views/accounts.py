"""SME account views: colleague invitations."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import services
from consulting.forms import (
    ColleagueInvitationForm,
)
from portal.access import active_context_or_404
from portal.errors import BusinessRuleError
from portal.http import PortalRequest, SignedInRequest


@login_required
@require_POST
def invite_colleague(request: SignedInRequest) -> HttpResponse:
    active_context_or_404(request, sme=True)
    form = ColleagueInvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a valid e-mail address."))
        return redirect("dashboard")
    # Per user and per client address (behind the proxy too: allauth's limiter asks the
    # adapter, portal.accounts), as ACCOUNT_RATE_LIMITS["colleague_invitation"] says.
    if not ratelimit.consume(request, action="colleague_invitation"):
        messages.error(
            request,
            _(
                "You have sent many invitations in a short time. Nothing was sent; please try "
                "again in an hour."
            ),
        )
        return redirect("dashboard")
    try:
        services.invite_colleague(actor=request.user, email=form.cleaned_data["email"])
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
    return redirect("dashboard")


def join_company(request: PortalRequest, token: str) -> HttpResponse:
    """A colleague's invitation link: remember it, then the sign-up joins that company."""
    invitation = services.find_company_invitation(token)
    if invitation is None:
        raise Http404
    if not invitation.is_usable:
        return render(
            request, "consulting/join_company.html", {"invitation": invitation}, status=410
        )
    if request.user.is_authenticated:
        messages.info(request, _("You are signed in already; sign out to accept this invitation."))
        return redirect("dashboard")
    services.remember_company_invitation(request, invitation)
    messages.info(
        request,
        _("Create your account with %(email)s to join %(company)s.")
        % {"email": invitation.email, "company": invitation.company.name},
    )
    return redirect("account_signup")
