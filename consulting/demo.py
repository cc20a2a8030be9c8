"""Demo SMEs: six companies, each with its own SME user, spread over the partners."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from consulting.forms import SIGNUP_CONSENT_VERSION
from consulting.models import Company, CompanyMember, CompanyShare, Contact
from portal.demo import demo_user
from portal.models import PartnerInstitution, User


@dataclass(frozen=True)
class DemoCompany:
    email: str
    person: tuple[str, str, str]  # first name, last name, role
    name: str
    postcode: str
    city: str
    district: str
    section: str
    division: str
    employees: int
    lead_partner: str | None
    shared_with: str | None = None


COMPANIES = [
    DemoCompany(
        "sme1@example.com",
        ("Katrin", "Vogt", "Geschäftsführerin"),
        "Präzisionsteile Vogt GmbH",
        "98693",
        "Ilmenau",
        "16070",
        "C",
        "25",
        48,
        "tu-ilmenau",
    ),
    DemoCompany(
        "sme2@example.com",
        ("Ralf", "Baumann", "Produktionsleiter"),
        "Thüringer Kunststofftechnik Baumann KG",
        "99310",
        "Arnstadt",
        "16070",
        "C",
        "22",
        120,
        "tu-ilmenau",
        shared_with="gfe",
    ),
    DemoCompany(
        "sme3@example.com",
        ("Petra", "Lorenz", "Leiterin Qualität"),
        "Werkzeugbau Lorenz GmbH",
        "98574",
        "Schmalkalden",
        "16066",
        "C",
        "28",
        35,
        "gfe",
    ),
    DemoCompany(
        "sme4@example.com",
        ("Mehmet", "Yilmaz", "IT-Leiter"),
        "Optik Saale GmbH",
        "07743",
        "Jena",
        "16053",
        "C",
        "26",
        210,
        "eah-jena",
    ),
    DemoCompany(
        "sme5@example.com",
        ("Lena", "Hoffmann", "Inhaberin"),
        "Hoffmann Elektronikfertigung e. K.",
        "99084",
        "Erfurt",
        "16051",
        "C",
        "27",
        9,
        "imms",
    ),
    DemoCompany(
        "sme6@example.com",
        ("Uwe", "Schreiber", "Geschäftsführer"),
        "Metallbau Schreiber GmbH",
        "36433",
        "Bad Salzungen",
        "16063",
        "C",
        "25",
        22,
        "imms",
    ),
]


def seed(**options: object) -> dict[str, int]:
    created = {"companies": 0, "sme_users": 0}
    partners = {p.slug: p for p in PartnerInstitution.objects.all()}
    for demo in COMPANIES:
        first, last, role = demo.person
        user, was_created = demo_user(demo.email, first, last)
        created["sme_users"] += was_created
        if CompanyMember.objects.filter(user=user).exists():
            continue
        company = Company.objects.create(
            name=demo.name,
            postcode=demo.postcode,
            city=demo.city,
            district=demo.district,
            sector_section=demo.section,
            sector_division=demo.division,
            employees=demo.employees,
            lead_partner=partners.get(demo.lead_partner) if demo.lead_partner else None,
        )
        CompanyMember.objects.create(user=user, company=company)
        _sme_contact(company, user, role)
        if demo.shared_with:
            CompanyShare.objects.create(
                company=company,
                partner=partners[demo.shared_with],
                reason="Gemeinsames Projekt zur Sensorik in der Spritzgussfertigung",
            )
        created["companies"] += 1
    return created


def _sme_contact(company: Company, user: User, role: str) -> Contact:
    return Contact.objects.create(
        company=company,
        user=user,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        role=role,
        consent_at=timezone.now(),
        consent_text_version=SIGNUP_CONSENT_VERSION,
    )
