"""Who may do what with consulting records (views and services both ask here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.permissions import is_staff_of
from portal.tenancy import unscoped

if TYPE_CHECKING:
    from consulting.models import AdvisorySession, Company
    from portal.models import User


def partner_ids_of(user: User) -> set[int]:
    return {m.partner_id for m in user.partner_memberships()} if user.is_authenticated else set()


def is_member_of_company(user: User, company: Company) -> bool:
    from consulting.models import CompanyMember

    with unscoped("is the user one of the company's own accounts"):
        return CompanyMember.objects.filter(user_id=user.pk, company_id=company.pk).exists()


def partner_sees_company(partner_id: int, company: Company) -> bool:
    from consulting.models import CompanyShare

    if company.lead_partner_id == partner_id:
        return True
    with unscoped("does the partner hold a live share of the company"):
        return CompanyShare.objects.filter(
            company_id=company.pk, partner_id=partner_id, revoked_at__isnull=True
        ).exists()


def can_edit_company(user: User, company: Company) -> bool:
    """The company's own SME users, and staff of a partner that may see the company; nobody
    once the company has erased its data (the staff pages show it without actions)."""
    if not user.is_active or company.is_erased:
        return False
    if is_member_of_company(user, company):
        return True
    return any(partner_sees_company(pid, company) for pid in partner_ids_of(user))


def can_see_session_notes(user: User, session: AdvisorySession) -> bool:
    """A session's summary, outcomes and follow-ups: the staff of the partner that held it."""
    return is_staff_of(user, session.partner_id)


def can_share_company(user: User, company: Company) -> bool:
    """Only the lead partner's staff share a company with another partner (or revoke it); an
    erased company is shared no further."""
    return not company.is_erased and is_staff_of(user, company.lead_partner_id)
