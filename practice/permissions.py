"""Who may do what with cases, referrals and network partners (views and services both ask)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.permissions import is_partner_admin_of, is_staff_of
from portal.tenancy import unscoped

if TYPE_CHECKING:
    from portal.models import User
    from practice.models import Case, Referral


def can_write_case(user: User, case: Case) -> bool:
    """The partner's staff write and edit its cases (drafts, and reviews for admins)."""
    return is_staff_of(user, case.partner_id)


def can_review_case(user: User, case: Case) -> bool:
    """Review, sending to the company, publishing and withdrawing: the partner's admins."""
    return is_partner_admin_of(user, case.partner_id)


def is_company_user(user: User, case: Case) -> bool:
    """An SME user of the company the case is about (approves it from their account)."""
    from consulting.models import CompanyMember

    if case.company_id is None or not user.is_authenticated or not user.is_active:
        return False
    with unscoped("is the user one of the company's own accounts"):
        return CompanyMember.objects.filter(user_id=user.pk, company_id=case.company_id).exists()


def can_refer(user: User, referral_partner_id: int) -> bool:
    return is_staff_of(user, referral_partner_id)


def can_update_referral(user: User, referral: Referral) -> bool:
    return is_staff_of(user, referral.partner_id)


def can_keep_network(user: User) -> bool:
    """Network partners are kept by consortium admins."""
    return bool(user.is_authenticated and user.is_active and user.is_consortium_admin)
