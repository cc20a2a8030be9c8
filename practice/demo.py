"""Demo good-practice cases (ten published, one draft, one in review, one awaiting the
company), network partners and referrals. Idempotent: rows are found by their slugs.

Cases are written directly (seed_demo runs unscoped) with the approval the workflow would have
recorded: the company's contact confirming the exact text (its hash), named or anonymous.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from consulting.models import Company, CompanyMember, Contact
from portal.models import Membership, PartnerInstitution, Topic
from practice.demo_data import CASES, NETWORK, DemoCase
from practice.models import (
    Case,
    CaseApproval,
    CaseStatus,
    CaseViewDay,
    NetworkPartner,
    Referral,
)
from practice.services.network import REFERRAL_CONSENT_VERSION

APPROVED_STATES = (CaseStatus.APPROVED, CaseStatus.PUBLISHED)


def _company(key: str) -> Company | None:
    if "@" in key:
        member = CompanyMember.objects.filter(user__email=key).select_related("company").first()
        return member.company if member else None
    return Company.objects.filter(district=key, lead_partner__isnull=False).order_by("pk").first()


def _author(partner: PartnerInstitution) -> Any:
    membership = Membership.objects.filter(partner=partner).order_by("pk").first()
    return membership.user if membership else None


def _seed_case(demo: DemoCase, topics: dict[str, Topic], partners: dict[str, Any]) -> bool:
    if Case.objects.filter(slug=demo.slug).exists():
        return False
    company = _company(demo.company)
    if company is None or company.lead_partner is None:
        return False
    partner = company.lead_partner
    now = timezone.now()
    when = now - timedelta(days=demo.days_ago)
    case = Case.objects.create(
        partner=partner,
        slug=demo.slug,
        title=demo.title,
        summary=demo.summary,
        company=company,
        company_named=demo.named and demo.status in APPROVED_STATES,
        company_name=company.name if demo.named and demo.status in APPROVED_STATES else "",
        sector_section=company.sector_section,
        sector_division=company.sector_division,
        size_class=company.size_class or "small",
        district=company.district,
        technologies="," + ",".join(demo.technologies) + ",",
        starting_point=demo.starting_point,
        approach=demo.approach,
        result=demo.result,
        lessons=demo.lessons,
        investment_range=demo.investment,
        duration_months=demo.months,
        figures=demo.figures,
        source=demo.source,
        status=demo.status,
        created_by=_author(partner),
        published_at=when if demo.status == CaseStatus.PUBLISHED else None,
    )
    case.topics.set([topics[slug] for slug in demo.topics if slug in topics])
    case.partners_involved.set(
        [partners[s] for s in demo.involved if s in partners and partners[s] != partner]
    )
    Case.objects.filter(pk=case.pk).update(created_at=when - timedelta(days=21), updated_at=when)
    if demo.status in APPROVED_STATES:
        contact = Contact.objects.filter(company=company).order_by("pk").first()
        CaseApproval.objects.create(
            case=case,
            text_version=case.text_version,
            text_hash=case.text_hash,
            approved=True,
            may_name_company=demo.named,
            approver_name=f"{contact.first_name} {contact.last_name}" if contact else "—",
            approver_email=contact.email if contact else "",
            approver=contact.user if contact else None,
            via=CaseApproval.Via.ACCOUNT if contact and contact.user else CaseApproval.Via.LINK,
        )
        CaseApproval.objects.filter(case=case).update(decided_at=when - timedelta(days=2))
    if demo.status == CaseStatus.PUBLISHED:  # some page views since it went online
        today = timezone.localdate()
        CaseViewDay.objects.bulk_create(
            CaseViewDay(
                case=case, day=today - timedelta(days=d), views=3 + (d * 7 + len(demo.slug)) % 17
            )
            for d in range(0, demo.days_ago, 3)
        )
    return True


def _seed_network(topics: dict[str, Topic]) -> int:
    created = 0
    for demo in NETWORK:
        partner, was_created = NetworkPartner.objects.get_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "kind": demo.kind,
                "city": demo.city,
                "website": demo.website,
                "description": demo.description,
                "description_en": demo.description_en,
                "districts": "," + ",".join(demo.districts) + "," if demo.districts else "",
                "contact_name": "Geschäftsstelle",
                "contact_email": f"kontakt@{demo.slug}.example",
            },
        )
        if was_created:
            created += 1
            partner.topics.set([topics[s] for s in demo.topics if s in topics])
    return created


REFERRALS = [
    # (company e-mail or district, network partner slug, reason, days ago, outcome)
    (
        "sme5@example.com",
        "handwerkskammer-erfurt",
        "Fördermittel für die Netzwerktechnik",
        20,
        Referral.Outcome.CONTACTED,
    ),
    (
        "sme4@example.com",
        "optonet-jena",
        "Arbeitskreis Bildverarbeitung",
        40,
        Referral.Outcome.PROJECT,
    ),
    (
        "sme1@example.com",
        "thueringer-aufbaubank",
        "Digitalbonus für die Tablets",
        5,
        Referral.Outcome.OPEN,
    ),
]


def _seed_referrals() -> int:
    created = 0
    today = timezone.localdate()
    for key, slug, reason, days, outcome in REFERRALS:
        company = _company(key)
        network_partner = NetworkPartner.objects.filter(slug=slug).first()
        if company is None or company.lead_partner is None or network_partner is None:
            continue
        if Referral.objects.filter(company=company, network_partner=network_partner).exists():
            continue
        contact = Contact.objects.filter(company=company).order_by("pk").first()
        when = timezone.now() - timedelta(days=days)
        referral = Referral.objects.create(
            partner=company.lead_partner,
            company=company,
            network_partner=network_partner,
            reason=reason,
            consent_given_by=f"{contact.first_name} {contact.last_name}" if contact else "—",
            consent_text_version=REFERRAL_CONSENT_VERSION,
            consent_at=when,
            follow_up_on=today + timedelta(days=14 - days // 2),
            outcome=outcome,
            created_by=_author(company.lead_partner),
            closed_at=when + timedelta(days=10) if outcome == Referral.Outcome.PROJECT else None,
        )
        Referral.objects.filter(pk=referral.pk).update(created_at=when)
        created += 1
    return created


def seed(**options: Any) -> dict[str, int]:
    topics = {t.slug: t for t in Topic.objects.all()}
    partners = {p.slug: p for p in PartnerInstitution.objects.all()}
    cases = sum(_seed_case(demo, topics, partners) for demo in CASES)
    network = _seed_network(topics)
    return {"cases": cases, "network partners": network, "referrals": _seed_referrals()}
