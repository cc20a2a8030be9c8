"""Demo data of the foundation: the four partners, the topic list and the demo accounts.

Idempotent: rows are found by their natural keys (slug, e-mail) and only created when missing,
so a second run changes nothing (passwords included). Later issues add their data beside this.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from portal import reference
from portal.models import Membership, PartnerInstitution, Topic, User

DEMO_PASSWORD = "Demo-2026!"  # noqa: S105 - documented demo password, local data only

TOPICS: list[tuple[str, str, str]] = [
    ("it-security", "IT-Sicherheit", "IT security"),
    ("sensors-iot", "Sensorik & IoT", "Sensors & IoT"),
    ("data-ai", "Datenanalyse & KI", "Data analytics & AI"),
    ("additive-manufacturing", "Additive Fertigung", "Additive manufacturing"),
    ("automation-robotics", "Automatisierung & Robotik", "Automation & robotics"),
    ("erp-mes", "ERP/MES", "ERP/MES"),
    ("business-models", "Digitale Geschäftsmodelle", "Digital business models"),
    ("qualification", "Qualifizierung", "Qualification"),
    ("funding", "Fördermittel", "Funding"),
    ("digital-twin", "Digitaler Zwilling & Simulation", "Digital twin & simulation"),
    ("investment-evaluation", "Wirtschaftlichkeit von Investitionen", "Investment evaluation"),
]


@dataclass(frozen=True)
class DemoPartner:
    slug: str
    name: str
    short_name: str
    kind: str
    city: str
    website: str
    description: str
    description_en: str
    competences: tuple[str, ...]
    is_lead: bool = False


PARTNERS = [
    DemoPartner(
        slug="tu-ilmenau",
        name="Technische Universität Ilmenau – Fachgebiet Fertigungstechnik (ThZM)",
        short_name="TU Ilmenau",
        kind=PartnerInstitution.Kind.UNIVERSITY,
        city="Ilmenau",
        website="https://www.tu-ilmenau.de/",
        description=(
            "Das Fachgebiet Fertigungstechnik am Thüringer Zentrum für Maschinenbau leitet das "
            "Konsortium. Es bringt Fertigungsprozesse, Automatisierung und additive Verfahren in "
            "die Praxis kleiner und mittlerer Unternehmen und zeigt sie an Demonstratoren im Labor."
        ),
        description_en=(
            "The production engineering group at the Thuringian Centre of Mechanical Engineering "
            "leads the consortium. It brings manufacturing processes, automation and additive "
            "methods into the practice of small and medium-sized firms and shows them on lab "
            "demonstrators."
        ),
        competences=(
            "additive-manufacturing",
            "automation-robotics",
            "digital-twin",
            "qualification",
        ),
        is_lead=True,
    ),
    DemoPartner(
        slug="gfe",
        name="GFE – Gesellschaft für Fertigungstechnik und Entwicklung Schmalkalden e. V.",
        short_name="GFE Schmalkalden",
        kind=PartnerInstitution.Kind.RESEARCH_INSTITUTE,
        city="Schmalkalden",
        website="https://www.gfe-net.de/",
        description=(
            "Die GFE forscht an Werkzeugen, Zerspanung, Oberflächen und Messtechnik. Unternehmen "
            "testen hier eigene Entwicklungen unter fachlicher Anleitung und bewerten, was sich "
            "eine Investition rechnet."
        ),
        description_en=(
            "GFE researches tools, machining, surfaces and measurement. Companies test their own "
            "developments here under professional guidance and judge what an investment is worth."
        ),
        competences=(
            "sensors-iot",
            "automation-robotics",
            "investment-evaluation",
            "additive-manufacturing",
        ),
    ),
    DemoPartner(
        slug="eah-jena",
        name="Ernst-Abbe-Hochschule Jena",
        short_name="EAH Jena",
        kind=PartnerInstitution.Kind.UNIVERSITY_APPLIED,
        city="Jena",
        website="https://www.eah-jena.de/",
        description=(
            "Die EAH Jena verbindet Betriebswirtschaft und Technik: digitale Geschäftsmodelle, "
            "ERP- und MES-Einführung, Datenanalyse und die Qualifizierung von Beschäftigten."
        ),
        description_en=(
            "EAH Jena combines business and engineering: digital business models, introducing "
            "ERP and MES, data analytics and qualifying employees."
        ),
        competences=("business-models", "erp-mes", "data-ai", "qualification", "funding"),
    ),
    DemoPartner(
        slug="imms",
        name="IMMS Institut für Mikroelektronik- und Mechatronik-Systeme gemeinnützige GmbH",
        short_name="IMMS Ilmenau",
        kind=PartnerInstitution.Kind.RESEARCH_INSTITUTE,
        city="Ilmenau",
        website="https://www.imms.de/",
        description=(
            "Das IMMS entwickelt Sensorsysteme, vernetzte Elektronik und sichere Datenübertragung "
            "für die Industrie und berät zu IT-Sicherheit in der Produktion."
        ),
        description_en=(
            "IMMS develops sensor systems, connected electronics and secure data transmission for "
            "industry and advises on IT security in production."
        ),
        competences=("sensors-iot", "it-security", "data-ai", "digital-twin"),
    ),
]

CONSORTIUM_ADMIN = ("admin@m40.example", "Anna", "Albrecht")
# Per partner: (partner admin, consultant) names.
STAFF_NAMES = {
    "tu-ilmenau": (("Thomas", "Ullrich"), ("Carola", "Ilm")),
    "gfe": (("Gerd", "Friedrich"), ("Susanne", "Schmalz")),
    "eah-jena": (("Eva", "Abbe"), ("Jonas", "Hahn")),
    "imms": (("Ines", "Mertens"), ("Martin", "Sommer")),
}


def seed_core() -> dict[str, int]:
    """Create what is missing; return how many rows were created, by kind."""
    created = {"topics": 0, "partners": 0, "users": 0, "memberships": 0}
    topics = {}
    for slug, name_de, name_en in TOPICS:
        topic, was_created = Topic.objects.get_or_create(
            slug=slug, defaults={"name_de": name_de, "name_en": name_en}
        )
        topics[slug] = topic
        created["topics"] += was_created
    for demo in PARTNERS:
        partner, was_created = PartnerInstitution.objects.get_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "short_name": demo.short_name,
                "kind": demo.kind,
                "city": demo.city,
                "website": demo.website,
                "description": demo.description,
                "description_en": demo.description_en,
                "is_lead": demo.is_lead,
            },
        )
        if was_created:
            partner.competences.set([topics[slug] for slug in demo.competences])
        created["partners"] += was_created
        (admin_first, admin_last), (cons_first, cons_last) = STAFF_NAMES[demo.slug]
        for email, first, last, role in (
            (f"padmin@{demo.slug}.example", admin_first, admin_last, Membership.Role.PARTNER_ADMIN),
            (f"consultant@{demo.slug}.example", cons_first, cons_last, Membership.Role.CONSULTANT),
        ):
            user, was_created = demo_user(email, first, last)
            created["users"] += was_created
            _, was_created = Membership.objects.get_or_create(
                user=user, partner=partner, defaults={"role": role}
            )
            created["memberships"] += was_created
    email, first, last = CONSORTIUM_ADMIN
    _, was_created = demo_user(email, first, last, is_consortium_admin=True)
    created["users"] += was_created
    if created["topics"] or created["partners"]:
        reference.changed()  # the filters' lists of topics and partners
    return created


def demo_user(email: str, first: str, last: str, **extra: object) -> tuple[User, bool]:
    """A demo account with a verified address (allauth requires one to sign in)."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, True
