"""Who may do what with consulting records (views and services both ask here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.tenancy import raw_rows

if TYPE_CHECKING:
    from consulting.models import Company
    from portal.models import PartnerInstitution, User


def partner_ids_of(user: User) -> set[int]:
    return {m.partner_id for m in user.partner_memberships()} if user.is_authenticated else set()


def is_staff_of(user: User, partner: PartnerInstitution | int | None) -> bool:
    if partner is None or not user.is_active:
        return False
    partner_id = partner if isinstance(partner, int) else partner.pk
    return partner_id in partner_ids_of(user)


def is_admin_of(user: User, partner: PartnerInstitution | int | None) -> bool:
    if partner is None:
        return False
    partner_id = partner if isinstance(partner, int) else partner.pk
    return any(
        m.partner_id == partner_id and m.is_partner_admin for m in user.partner_memberships()
    )


def is_member_of_company(user: User, company: Company) -> bool:
    from consulting.models import CompanyMember

    return raw_rows(CompanyMember).filter(user_id=user.pk, company_id=company.pk).exists()


def partner_sees_company(partner_id: int, company: Company) -> bool:
    from consulting.models import CompanyShare

    if company.lead_partner_id == partner_id:
        return True
    return (
        raw_rows(CompanyShare)
        .filter(company_id=company.pk, partner_id=partner_id, revoked_at__isnull=True)
        .exists()
    )


def can_edit_company(user: User, company: Company) -> bool:
    """The company's own SME users, and staff of a partner that may see the company."""
    if not user.is_active:
        return False
    if is_member_of_company(user, company):
        return True
    return any(partner_sees_company(pid, company) for pid in partner_ids_of(user))


def can_share_company(user: User, company: Company) -> bool:
    """Only the lead partner's staff share a company with another partner (or revoke it)."""
    return is_staff_of(user, company.lead_partner_id)
