"""Portal business actions: staff invitations and the active partner choice.

Each service owns its transaction, checks the actor's right again (views only pre-check), writes
an audit entry and starts side effects (e-mail) only once the transaction has committed.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit, mail, permissions, tasks
from portal.errors import BusinessRuleError, InvitationNotUsable, PermissionRefused
from portal.models import Membership, PartnerInstitution, StaffInvitation, User
from portal.tenancy import unscoped


class AlreadyMember(BusinessRuleError):
    default_message = _("This person is already a member of the partner institution.")


class WrongInvitee(BusinessRuleError):
    default_message = _("This invitation was sent to another e-mail address.")


def invite_staff(
    *, actor: User, partner: PartnerInstitution, email: str, role: str
) -> StaffInvitation:
    """A partner admin invites someone to join their institution as consultant or admin."""
    if not permissions.can_invite_staff(actor, partner):
        raise PermissionRefused()
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise BusinessRuleError(_("Choose a valid role."))
    if Membership.objects.filter(partner=partner, user__email__iexact=email).exists():
        raise AlreadyMember()
    with transaction.atomic():
        # A new invitation replaces any open one to the same address: one live link per person.
        StaffInvitation.objects.filter(
            partner=partner, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        invitation = StaffInvitation(partner=partner, email=email, role=role, invited_by=actor)
        invitation.full_clean()
        invitation.save()
        audit.record(
            actor=actor,
            action="portal.staff_invitation.created",
            target=invitation,
            data={"email": email, "role": role},
        )
        tasks.deliver_staff_invitation.delay_on_commit(invitation_id=invitation.pk)
    return invitation


def revoke_staff_invitation(*, actor: User, invitation: StaffInvitation) -> None:
    if not permissions.can_invite_staff(actor, invitation.partner):
        raise PermissionRefused()
    with transaction.atomic():
        updated = StaffInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if not updated:
            raise InvitationNotUsable()
        audit.record(actor=actor, action="portal.staff_invitation.revoked", target=invitation)


def deliver_staff_invitation(*, invitation_id: int) -> None:
    """Send the invitation e-mail (runs in the worker, inside the partner's scope).

    Idempotent: a rerun after success finds `sent_at` set and sends nothing. A crash between
    sending and marking may send twice, which beats losing the invitation.
    """
    invitation = StaffInvitation.objects.select_related("partner", "invited_by").get(
        pk=invitation_id
    )
    if invitation.sent_at is not None or not invitation.is_usable:
        return
    mail.send_templated_email_now(
        template_prefix="portal/email/staff_invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "accept_url": mail.absolute_url(invitation.get_absolute_url()),
        },
    )
    StaffInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def find_invitation(token: str) -> StaffInvitation | None:
    """The invitation behind a secret link; the token is the credential, so no scope applies."""
    with unscoped("look up a staff invitation by its secret token"):
        return StaffInvitation.objects.select_related("partner").filter(token=token).first()


def _accept(invitation: StaffInvitation, user: User) -> Membership:
    """Within the caller's transaction: lock the invitation, check it, grant the membership."""
    locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable:
        raise InvitationNotUsable()
    if locked.email.lower() != user.email.lower():
        raise WrongInvitee()
    if Membership.objects.filter(partner_id=locked.partner_id, user=user).exists():
        raise AlreadyMember()
    membership = Membership(user=user, partner_id=locked.partner_id, role=locked.role)
    membership.full_clean()
    membership.save()
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    audit.record(
        actor=user,
        action="portal.membership.created",
        target=membership,
        partner=locked.partner_id,
        data={"role": locked.role, "invitation": locked.pk},
    )
    return membership


def accept_staff_invitation(*, invitation: StaffInvitation, user: User) -> Membership:
    """A signed-in person with the invited address joins the partner."""
    with unscoped("accept a staff invitation by its token"), transaction.atomic():
        return _accept(invitation, user)


def create_staff_account(
    *,
    invitation: StaffInvitation,
    first_name: str,
    last_name: str,
    password: str,
    language: str = "",
) -> User:
    """A new person accepts an invitation: the account is created with the invited address.

    The e-mail counts as verified: the secret link reached that inbox. `language` (the
    browser's) becomes the language of the portal's e-mails to them.
    """
    with unscoped("create an account from a staff invitation"), transaction.atomic():
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise BusinessRuleError(
                _("An account with this e-mail address exists already. Please sign in first.")
            )
        user = User(
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            language=mail.language_for(None, default=language),
        )
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise BusinessRuleError(" ".join(error.messages)) from error
        user.set_password(password)
        user.full_clean()
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        _accept(invitation, user)
    return user


def update_profile(*, actor: User, first_name: str, last_name: str, language: str) -> User:
    """A person changes their own name and the language of the portal's e-mails to them."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionRefused()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        changed = {
            field: value
            for field, value in {
                "first_name": first_name.strip(),
                "last_name": last_name.strip(),
                "language": language,
            }.items()
            if getattr(user, field) != value
        }
        for field, value in changed.items():
            setattr(user, field, value)
        try:
            user.full_clean()
        except ValidationError as error:
            raise BusinessRuleError(" ".join(error.messages)) from error
        user.save(update_fields=list(changed) or None)
        audit.record(
            actor=user, action="portal.user.profile_updated", data={"fields": sorted(changed)}
        )
    return user


def set_membership_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """A partner admin changes a colleague's role; the last admin cannot step down."""
    if not permissions.can_invite_staff(actor, membership.partner):
        raise PermissionRefused()
    if role not in Membership.Role.values:
        raise BusinessRuleError(_("Choose a valid role."))
    with transaction.atomic():
        _ensure_another_admin_remains(membership, leaving=role != Membership.Role.PARTNER_ADMIN)
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(
            actor=actor,
            action="portal.membership.role_changed",
            target=membership,
            partner=membership.partner_id,
            data={"role": role},
        )
    return membership


def remove_membership(*, actor: User, membership: Membership) -> None:
    """A partner admin removes a colleague from the institution (the account stays)."""
    if not permissions.can_invite_staff(actor, membership.partner):
        raise PermissionRefused()
    with transaction.atomic():
        _ensure_another_admin_remains(membership, leaving=True)
        audit.record(
            actor=actor,
            action="portal.membership.removed",
            target=membership,
            partner=membership.partner_id,
            data={"user": membership.user.email},
        )
        membership.delete()


def _ensure_another_admin_remains(membership: Membership, *, leaving: bool) -> None:
    if not leaving or not membership.is_partner_admin:
        return
    admins = Membership.objects.select_for_update().filter(
        partner_id=membership.partner_id, role=Membership.Role.PARTNER_ADMIN
    )
    if not admins.exclude(pk=membership.pk).exists():
        raise BusinessRuleError(_("A partner institution needs at least one partner admin."))
