"""SME account views: colleague invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import services
from consulting.forms import (
    ColleagueInvitationForm,
)
from portal.errors import BusinessRuleError


@login_required
@require_POST
def invite_colleague(request: HttpRequest) -> HttpResponse:
    if not request.active_context.is_sme:
        raise Http404
    form = ColleagueInvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a valid e-mail address."))
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


def join_company(request: HttpRequest, token: str) -> HttpResponse:
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
