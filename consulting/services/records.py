"""Company records: edit the record and its contacts, share with another partner, revoke."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting import permissions
from consulting.models import Company, CompanyShare, Contact
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import PartnerInstitution, User
from portal.tenancy import company_scope, partner_scope


def _scope_of(actor: User, company: Company) -> Any:
    """The actor's own scope for this company: theirs as an SME user, else a partner's."""
    if permissions.is_member_of_company(actor, company):
        return company_scope(company.pk)
    for partner_id in sorted(permissions.partner_ids_of(actor)):
        if permissions.partner_sees_company(partner_id, company):
            return partner_scope(partner_id)
    raise PermissionRefused()


EDITABLE_COMPANY_FIELDS = [
    "name",
    "legal_form",
    "street",
    "postcode",
    "city",
    "district",
    "sector_section",
    "sector_division",
    "employees",
    "annual_turnover",
    "balance_sheet_total",
    "website",
    "phone",
]
CONTACT_FIELDS = ["first_name", "last_name", "role", "email", "phone"]


def update_company(*, actor: User, company: Company, data: dict[str, Any]) -> Company:
    """Change the record's fields; the size class follows from them, never typed."""
    if not permissions.can_edit_company(actor, company):
        raise PermissionRefused()
    unknown = set(data) - set(EDITABLE_COMPANY_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with _scope_of(actor, company), transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        changed = {k: v for k, v in data.items() if getattr(company, k) != v}
        for field, value in changed.items():
            setattr(company, field, value)
        company.full_clean()
        company.save()
        if changed:
            audit.record(
                actor=actor,
                action="consulting.company.updated",
                target=company,
                data={"fields": sorted(changed)},
            )
    return company


def save_contact(
    *,
    actor: User,
    company: Company,
    data: dict[str, Any],
    contact: Contact | None = None,
    consent_given: bool = False,
    consent_version: str = "",
) -> Contact:
    """Add or change a contact; consent is recorded with the text version it was given to."""
    if not permissions.can_edit_company(actor, company):
        raise PermissionRefused()
    if contact is not None and contact.company_id != company.pk:
        raise PermissionRefused()
    with _scope_of(actor, company), transaction.atomic():
        contact = contact or Contact(company=company)
        for field in CONTACT_FIELDS:
            if field in data:
                setattr(contact, field, data[field])
        if consent_given and contact.consent_at is None:
            contact.consent_at = timezone.now()
            contact.consent_text_version = consent_version
        elif not consent_given:
            contact.consent_at = None
            contact.consent_text_version = ""
        is_new = contact.pk is None
        contact.full_clean()
        contact.save()
        audit.record(
            actor=actor,
            action="consulting.contact.created" if is_new else "consulting.contact.updated",
            target=contact,
            partner=company.lead_partner_id,
        )
    return contact


def share_company(
    *, actor: User, company: Company, partner: PartnerInstitution, reason: str
) -> CompanyShare:
    """The lead partner lets another partner see the company, for a stated reason."""
    lead_partner_id = company.lead_partner_id
    if lead_partner_id is None or not permissions.can_share_company(actor, company):
        raise PermissionRefused()
    reason = reason.strip()
    if not reason:
        raise BusinessRuleError(_("Please give a reason for sharing."))
    if partner.pk == company.lead_partner_id:
        raise BusinessRuleError(_("The lead partner sees this company already."))
    with partner_scope(lead_partner_id), transaction.atomic():
        if CompanyShare.objects.filter(
            company=company, partner=partner, revoked_at__isnull=True
        ).exists():
            raise BusinessRuleError(_("This company is already shared with that partner."))
        share = CompanyShare(company=company, partner=partner, reason=reason, granted_by=actor)
        share.full_clean()
        share.save()
        audit.record(
            actor=actor,
            action="consulting.company_share.created",
            target=share,
            partner=company.lead_partner_id,
            data={"partner": partner.slug, "reason": reason},
        )
    return share


def revoke_share(*, actor: User, share: CompanyShare, reason: str) -> CompanyShare:
    lead_partner_id = share.company.lead_partner_id
    if lead_partner_id is None or not permissions.can_share_company(actor, share.company):
        raise PermissionRefused()
    reason = reason.strip()
    if not reason:
        raise BusinessRuleError(_("Please give a reason for revoking."))
    with partner_scope(lead_partner_id), transaction.atomic():
        share = CompanyShare.objects.select_for_update().get(pk=share.pk)
        if share.revoked_at is not None:
            raise BusinessRuleError(_("This share was revoked already."))
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="consulting.company_share.revoked",
            target=share,
            partner=share.company.lead_partner_id,
            data={"partner_id": share.partner_id, "reason": reason},
        )
    return share
