"""Partner admins run their institution's staff: invitations, roles, removal.

Accepting an invitation is here too: the secret link is the credential, so it needs no scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import services
from portal.access import active_context_or_404, get_visible_or_404, one_or_404
from portal.errors import BusinessRuleError
from portal.forms import MembershipRoleForm, StaffAccountForm, StaffInvitationForm
from portal.http import PortalRequest, SignedInRequest
from portal.listing import Header, Sort, build_listing
from portal.models import Membership, PartnerInstitution, StaffInvitation


def _administered_partner(request: PortalRequest) -> PartnerInstitution:
    """The active partner if the user administers it; otherwise the page does not exist."""
    partner = active_context_or_404(request, partner_admin=True).partner
    if partner is None:  # an admin hat always has its partner; says so to the type checker
        raise Http404
    return partner


@login_required
def staff_list(request: SignedInRequest) -> HttpResponse:
    partner = _administered_partner(request)
    form = StaffInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_staff(
                actor=request.user,
                partner=partner,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("staff_list")
    members = build_listing(
        request,
        Membership.objects.filter(partner=partner).select_related("user"),
        columns=[
            Sort("name", _("Name"), ("user__last_name", "user__first_name")),
            Sort("email", _("E-mail address"), "user__email"),
            Sort("role", _("Role"), "role"),
            Header(_("Actions"), hidden=True),
        ],
        default_sort="name",
        search_fields=("user__first_name", "user__last_name", "user__email"),
    )
    invitations = StaffInvitation.objects.visible_to(request.user).filter(
        partner=partner, accepted_at__isnull=True, revoked_at__isnull=True
    )
    return render(
        request,
        "portal/staff_list.html",
        {
            "partner": partner,
            "members": members.page,
            "listing": members,
            "invitations": invitations,
            "form": form,
            "role_choices": Membership.Role.choices,
        },
    )


@login_required
@require_POST
def staff_invitation_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = _administered_partner(request)
    invitation = get_visible_or_404(StaffInvitation, request.user, pk=pk, partner=partner)
    try:
        services.revoke_staff_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation was withdrawn."))
    except BusinessRuleError as error:
        messages.error(request, error.message)
    return redirect("staff_list")


def _membership_of_partner(request: PortalRequest, pk: int) -> Membership:
    partner = _administered_partner(request)
    return one_or_404(Membership.objects.select_related("user", "partner"), pk=pk, partner=partner)


@login_required
@require_POST
def staff_role_change(request: SignedInRequest, pk: int) -> HttpResponse:
    membership = _membership_of_partner(request, pk)
    form = MembershipRoleForm(request.POST)
    try:
        if not form.is_valid():
            raise BusinessRuleError(_("Choose a valid role."))
        services.set_membership_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
        messages.success(
            request, _("The role of %(name)s was changed.") % {"name": membership.user}
        )
    except BusinessRuleError as error:
        messages.error(request, error.message)
    return redirect("staff_list")


@login_required
@require_POST
def staff_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    membership = _membership_of_partner(request, pk)
    try:
        services.remove_membership(actor=request.user, membership=membership)
        messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
    except BusinessRuleError as error:
        messages.error(request, error.message)
    return redirect("staff_list")


def staff_invitation_accept(request: PortalRequest, token: str) -> HttpResponse:
    """Signed in with the invited address: one click. No account yet: name and password."""
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404
    context = {"invitation": invitation, "usable": invitation.is_usable}
    if not invitation.is_usable:
        return render(request, "portal/staff_invitation_accept.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_staff_invitation(invitation=invitation, user=user)
            except BusinessRuleError as error:
                messages.error(request, error.message)
            else:
                choose_partner = str(invitation.partner_id)
                from portal.active_context import choose_active_context

                choose_active_context(request, choose_partner)
                messages.success(
                    request,
                    _("Welcome to %(partner)s.") % {"partner": invitation.partner.short_name},
                )
                return redirect("dashboard")
        context["wrong_account"] = user.email.lower() != invitation.email.lower()
        return render(request, "portal/staff_invitation_accept.html", context)
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.create_staff_account(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                language=request.LANGUAGE_CODE,
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to %(partner)s.") % {"partner": invitation.partner.short_name}
            )
            return redirect("dashboard")
    context["form"] = form
    return render(request, "portal/staff_invitation_accept.html", context)
