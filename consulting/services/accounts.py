"""Consulting business actions: the SME side of accounts (the consulting issue adds more)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting.errors import AlreadyInCompany
from consulting.models import Company, CompanyInvitation, CompanyMember, Contact, PendingSignup
from portal import audit, mail
from portal.errors import BusinessRuleError, InvitationNotUsable, PermissionRefused
from portal.models import User
from portal.tenancy import company_scope, unscoped

PENDING_INVITATION_SESSION_KEY = "consulting_company_invitation"
PENDING_SIGNUP_DAYS = 7  # allauth's confirmation link lasts 3 days; a new one can be asked for


def start_sme_signup(
    *,
    user: User,
    company_data: dict[str, Any] | None,
    invitation: CompanyInvitation | None,
    role: str,
    consent_version: str,
) -> PendingSignup:
    """A new SME account asks for its company (or to join a colleague's): remembered until the
    e-mail address is confirmed, when complete_sme_signup carries it out (issue #11).

    Creating the company at sign-up put companies nobody had vouched for (a typing error, a
    stranger's address) into the consortium's lists, and let an invitation be used up by
    someone who cannot read its mail. The consent is recorded with the time it was given.
    """
    with unscoped("sign-up: a new account has no scope yet"), transaction.atomic():
        if CompanyMember.objects.filter(user=user).exists():
            raise AlreadyInCompany()
        pending = PendingSignup(
            user=user,
            company_data=company_data or {},
            invitation_token=invitation.token if invitation is not None else "",
            role=role,
            consent_version=consent_version,
            consent_at=timezone.now(),
        )
        pending.full_clean()
        pending.save()
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        complete_sme_signup(user=user)  # an address verified already (not the usual way)
    return pending


def complete_sme_signup(*, user: User) -> CompanyMember | None:
    """The address is confirmed: create the company, or join the colleague's, as asked at
    sign-up. Idempotent (a second confirmation finds nothing pending). A refusal (the invitation
    was withdrawn meanwhile) is raised after the pending sign-up is gone, so it is said once."""
    refused: BusinessRuleError | None = None
    member = None
    with unscoped("sign-up: the new account's own pending sign-up"), transaction.atomic():
        pending = PendingSignup.objects.select_for_update().filter(user=user).first()
        if pending is None:
            return None
        pending.delete()
        invitation = None
        if pending.invitation_token:
            invitation = find_company_invitation(pending.invitation_token)
        try:
            with transaction.atomic():
                if pending.invitation_token and invitation is None:
                    raise InvitationNotUsable()
                member = register_sme_user(
                    user=user,
                    company_data=None if invitation else pending.company_data,
                    invitation=invitation,
                    role=pending.role,
                    consent_version=pending.consent_version,
                    consent_at=pending.consent_at,
                )
        except BusinessRuleError as error:
            refused = error
    if refused is not None:
        raise refused
    return member


def purge_unconfirmed_signups(*, now: datetime | None = None) -> int:
    """Sign-ups not confirmed within PENDING_SIGNUP_DAYS go, with their accounts: nobody ever
    confirmed the address, and the name and company typed in are personal data."""
    cutoff = (now or timezone.now()) - timedelta(days=PENDING_SIGNUP_DAYS)
    with unscoped("beat: delete sign-ups never confirmed"), transaction.atomic():
        stale = PendingSignup.objects.filter(created_at__lt=cutoff)
        users = (
            User.objects.filter(pending_sme_signup__in=stale)
            .exclude(emailaddress__verified=True)
            .exclude(company_membership__isnull=False)
            .exclude(memberships__isnull=False)
        )
        count = users.count()
        users.delete()  # their pending sign-ups and unconfirmed addresses go with them
        stale.delete()
        if count:
            audit.record(
                actor=None, action="consulting.pending_signup.purged", data={"count": count}
            )
    return count


def register_sme_user(
    *,
    user: User,
    company_data: dict[str, Any] | None,
    invitation: CompanyInvitation | None,
    role: str,
    consent_version: str,
    consent_at: datetime | None = None,
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
            consent_at=consent_at or timezone.now(),
            consent_text_version=consent_version,
        )
        contact.full_clean()
        contact.save()
        audit.record(actor=user, action=action, target=member, partner=company.lead_partner_id)
    return member


def invite_colleague(*, actor: User, email: str) -> CompanyInvitation:
    """An SME user invites a colleague to join their company's account.

    The inviter learns nothing about the address: an invitation is recorded and listed either
    way, and the answer is the same. An address that already has an account gets a notice
    instead of a sign-up link (an existing account cannot sign up again); the person can ask
    the consortium to move it. The view limits how many invitations one user sends.
    """
    from consulting.selectors import company_id_for_user

    company_id = company_id_for_user(actor)
    if company_id is None:
        raise PermissionRefused()
    email = email.strip().lower()
    with company_scope(company_id), transaction.atomic():
        company = Company.objects.get(pk=company_id)
        holder = User.objects.filter(email__iexact=email).first()
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
        if holder is not None:
            mail.queue_templated_email(
                template_prefix="consulting/email/colleague_has_account",
                to=holder,
                context={"company": company, "inviter": actor, "email": email},
            )
        else:
            mail.queue_templated_email(
                template_prefix="consulting/email/colleague_invitation",
                to=email,
                # No account yet: the inviting colleague's language is the best guess.
                language=actor.language,
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
