"""Network partners (kept by consortium admins) and referrals of companies to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting.models import Company
from consulting.permissions import partner_sees_company
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import PartnerInstitution, Topic, User
from practice import permissions
from practice.models import NetworkPartner, Referral

# The wording a consultant confirms when recording the company's consent to a referral.
REFERRAL_CONSENT_VERSION = "2026-12-referral"
REFERRAL_CONSENT_TEXT = _(
    "The company agrees that we pass its name, its contact person and the reason below to this "
    "network partner, who may contact it about it."
)


def _clean_save(obj: NetworkPartner | Referral) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise BusinessRuleError(" ".join(error.messages)) from error
    obj.save()


@dataclass
class NetworkPartnerData:
    name: str
    slug: str
    kind: str
    description: str
    description_en: str
    city: str
    website: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    districts: list[str] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    is_active: bool = True


def save_network_partner(
    *, actor: User, data: NetworkPartnerData, network_partner: NetworkPartner | None = None
) -> NetworkPartner:
    """Create or change a network partner: consortium admins only."""
    if not permissions.can_keep_network(actor):
        raise PermissionRefused
    with transaction.atomic():
        found = network_partner or NetworkPartner()
        for name in (
            "name",
            "slug",
            "kind",
            "description",
            "description_en",
            "city",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_active",
        ):
            setattr(found, name, getattr(data, name))
        found.districts = (
            "," + ",".join(sorted(set(data.districts))) + "," if data.districts else ""
        )
        _clean_save(found)
        found.topics.set(data.topics)
        audit.record(
            actor=actor,
            action="practice.network_partner.saved",
            target=found,
            data={"created": network_partner is None},
        )
    return found


def refer_company(
    *,
    actor: User,
    partner: PartnerInstitution,
    company: Company,
    network_partner: NetworkPartner,
    reason: str,
    consent_given_by: str,
    follow_up_on: date,
    topics: list[Topic] | None = None,
) -> Referral:
    """A consultant refers a company their partner may see to an active network partner; the
    company's consent (who gave it, the wording's version, when) is recorded with it."""
    if not permissions.can_refer(actor, partner.pk) or not partner_sees_company(
        partner.pk, company
    ):
        raise PermissionRefused
    if not network_partner.is_active:
        raise BusinessRuleError(_("This network partner no longer takes referrals."))
    if not consent_given_by.strip():
        raise BusinessRuleError(_("Please record who at the company agreed to the referral."))
    if follow_up_on < timezone.localdate():
        raise BusinessRuleError(_("The follow-up date cannot be in the past."))
    with transaction.atomic():
        referral = Referral(
            partner=partner,
            company=company,
            network_partner=network_partner,
            reason=reason.strip(),
            consent_given_by=consent_given_by.strip(),
            consent_text_version=REFERRAL_CONSENT_VERSION,
            consent_at=timezone.now(),
            follow_up_on=follow_up_on,
            created_by=actor,
        )
        _clean_save(referral)
        referral.topics.set(topics or [])
        audit.record(actor=actor, action="practice.referral.created", target=referral)
    return referral


def record_referral_outcome(
    *, actor: User, referral: Referral, outcome: str, note: str = ""
) -> Referral:
    """The consultant follows a referral up: in contact, joint project, or no fit (closes it)."""
    if not permissions.can_update_referral(actor, referral):
        raise PermissionRefused
    if outcome not in Referral.Outcome.values:
        raise BusinessRuleError(_("Please choose an outcome."))
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        referral.outcome = outcome
        referral.outcome_note = note.strip()[:1000]
        closed = outcome in (Referral.Outcome.PROJECT, Referral.Outcome.NO_FIT)
        referral.closed_at = referral.closed_at or timezone.now() if closed else None
        _clean_save(referral)
        audit.record(
            actor=actor,
            action="practice.referral.outcome",
            target=referral,
            data={"outcome": outcome},
        )
    return referral
