"""Consulting business actions: the SME side of accounts (the consulting issue adds more)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting.caching import forget_company_lists
from consulting.errors import AlreadyInCompany
from consulting.models import Company, CompanyInvitation, CompanyMember, Contact
from portal import audit, mail
from portal.errors import BusinessRuleError, InvitationNotUsable, PermissionRefused
from portal.models import User
from portal.tenancy import company_scope, unscoped

PENDING_INVITATION_SESSION_KEY = "consulting_company_invitation"


def register_sme_user(
    *,
    user: User,
    company_data: dict[str, Any] | None,
    invitation: CompanyInvitation | None,
    role: str,
    consent_version: str,
) -> CompanyMember:
    """A new SME account creates its company, or joins the colleague's company it was invited to.

    Either way the person becomes a contact of the company with their consent recorded.
    """
    with unscoped("sign-up: a new account has no scope yet"), transaction.atomic():
        if CompanyMember.objects.filter(user=user).exists():
            raise AlreadyInCompany()
        if invitation is not None:
            locked = CompanyInvitation.objects.select_for_update().get(pk=invitation.pk)
            if not locked.is_usable or locked.email.lower() != user.email.lower():
                raise InvitationNotUsable()
            company = locked.company
            locked.accepted_at = timezone.now()
            locked.save(update_fields=["accepted_at"])
            action = "consulting.company_member.joined"
        elif company_data is not None:
            company = Company(**company_data)
            company.full_clean()
            company.save()
            forget_company_lists()  # the consortium's list shows companies not yet routed
            audit.record(actor=user, action="consulting.company.created", target=company)
            action = "consulting.company_member.created"
        else:
            raise BusinessRuleError(_("Please enter your company's details."))
        member = CompanyMember(user=user, company=company)
        member.full_clean()
        member.save()
        contact = Contact(
            company=company,
            user=user,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            role=role,
            consent_at=timezone.now(),
            consent_text_version=consent_version,
        )
        contact.full_clean()
        contact.save()
        audit.record(actor=user, action=action, target=member, partner=company.lead_partner_id)
    return member


def invite_colleague(*, actor: User, email: str) -> CompanyInvitation:
    """An SME user invites a colleague to join their company's account."""
    from consulting.selectors import company_id_for_user

    company_id = company_id_for_user(actor)
    if company_id is None:
        raise PermissionRefused()
    email = email.strip().lower()
    with company_scope(company_id), transaction.atomic():
        company = Company.objects.get(pk=company_id)
        if User.objects.filter(email__iexact=email).exists():
            raise BusinessRuleError(
                _("This address already has an account. Ask the consortium to move it.")
            )
        CompanyInvitation.objects.filter(
            company=company, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        invitation = CompanyInvitation(company=company, email=email, invited_by=actor)
        invitation.full_clean()
        invitation.save()
        audit.record(
            actor=actor,
            action="consulting.company_invitation.created",
            target=invitation,
            partner=company.lead_partner_id,
            data={"email": email},
        )
        mail.queue_templated_email(
            template_prefix="consulting/email/colleague_invitation",
            to=email,
            context={
                "invitation": invitation,
                "company": company,
                "inviter": actor,
                "accept_url": mail.absolute_url(invitation.get_absolute_url()),
            },
        )
    return invitation


def find_company_invitation(token: str) -> CompanyInvitation | None:
    with unscoped("look up a colleague invitation by its secret token"):
        return CompanyInvitation.objects.select_related("company").filter(token=token).first()


def remember_company_invitation(request: HttpRequest, invitation: CompanyInvitation) -> None:
    """The invitation link was opened: the sign-up that follows joins that company."""
    request.session[PENDING_INVITATION_SESSION_KEY] = invitation.token


def pending_company_invitation(request: HttpRequest) -> CompanyInvitation | None:
    token = (
        request.session.get(PENDING_INVITATION_SESSION_KEY) if hasattr(request, "session") else None
    )
    if not token:
        return None
    invitation = find_company_invitation(token)
    return invitation if invitation is not None and invitation.is_usable else None


def forget_pending_company_invitation(request: HttpRequest) -> None:
    request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
