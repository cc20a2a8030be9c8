"""Role predicates: the one place that says who may do what (views and services both ask here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator

if TYPE_CHECKING:
    from portal.models import PartnerInstitution, User


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_partner_admin_of(user: User, partner: PartnerInstitution) -> bool:
    return any(
        m.partner_id == partner.pk and m.is_partner_admin for m in user.partner_memberships()
    )


def can_invite_staff(user: User, partner: PartnerInstitution) -> bool:
    return user.is_active and is_partner_admin_of(user, partner)
