"""Demo SMEs: six companies, each with its own SME user, spread over the partners."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from consulting.choices import HAND_FORMATS
from consulting.consent import SIGNUP_CONSENT_VERSION
from consulting.models import (
    AdvisorySession,
    AvailabilitySlot,
    Company,
    CompanyMember,
    CompanyShare,
    ConsultationRequest,
    Contact,
    FollowUp,
    LegalForm,
    MeetingFormat,
    RequestStatus,
    SlotStatus,
    Stage,
)
from consulting.reference import OUTSIDE_THURINGIA, THURINGIA_DISTRICTS
from portal.demo import demo_user
from portal.models import Membership, PartnerInstitution, Topic, User


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


def seed(**options: Any) -> dict[str, int]:
    created = _seed_sme_accounts()
    created |= _seed_records(scale=int(options.get("scale") or 0))
    return created


def _seed_sme_accounts() -> dict[str, int]:
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


# --- ~40 further companies, slots, requests in every state, sessions, shares ---------------------

TRADES = [
    ("C", "25", "Präzisionsdrehteile"),
    ("C", "22", "Kunststofftechnik"),
    ("C", "28", "Sondermaschinenbau"),
    ("C", "26", "Optoelektronik"),
    ("C", "27", "Elektroanlagen"),
    ("C", "23", "Glastechnik"),
    ("C", "10", "Feinkost"),
    ("C", "16", "Holzbau"),
    ("C", "29", "Fahrzeugkomponenten"),
    ("C", "32", "Medizintechnik"),
    ("C", "33", "Industrieservice"),
    ("F", "", "Bau"),
    ("G", "", "Technischer Handel"),
    ("J", "", "Software"),
    ("M", "", "Ingenieurbüro"),
    ("H", "", "Logistik"),
]
FAMILY_NAMES = [
    "Albrecht",
    "Bachmann",
    "Ebert",
    "Fiedler",
    "Göbel",
    "Hartung",
    "Jahn",
    "Kästner",
    "Lindner",
    "Möller",
    "Nowak",
    "Oswald",
    "Pfeiffer",
    "Reinhardt",
    "Seidel",
    "Teichmann",
    "Ulbrich",
    "Voigt",
    "Wenzel",
    "Zimmer",
]
FORMS = [LegalForm.GMBH, LegalForm.GMBH_CO_KG, LegalForm.KG, LegalForm.EK, LegalForm.UG]
SUMMARIES = {
    Stage.FIRST_CONTACT: "Erstgespräch: Ist-Stand der Fertigung und Ziele der Digitalisierung.",
    Stage.IN_DEPTH: "Vertiefung: Datenerfassung an drei Maschinen, Schnittstellen geprüft.",
    Stage.LAB_TEST: "Versuch im Demonstrator: Zustandsüberwachung mit Körperschallsensor.",
    Stage.IMPLEMENTATION: "Umsetzungsprojekt: Pilotlinie mit MES-Anbindung geplant.",
    Stage.FOLLOW_UP: "Nachbetreuung: Erfahrungen nach drei Monaten Betrieb besprochen.",
}
FOLLOW_UP_TITLES = [
    "Angebot für Sensorik-Workshop senden",
    "Fördermöglichkeiten (Digital Jetzt) prüfen",
    "Termin im Demonstrator vereinbaren",
    "Checkliste IT-Sicherheit zusenden",
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed_records(*, scale: int) -> dict[str, int]:
    rng = random.Random(4040)  # noqa: S311 - the same demo every time, not security
    created = {"more_companies": 0, "slots": 0, "requests": 0, "sessions": 0, "shares": 0}
    partners = list(
        PartnerInstitution.objects.filter(slug__in=["tu-ilmenau", "gfe", "eah-jena", "imms"])
    )
    if not partners:
        return created
    topics = list(Topic.objects.filter(is_active=True))
    staff = {
        p.pk: [m.user for m in Membership.objects.filter(partner=p).select_related("user")]
        for p in partners
    }
    districts = [key for key, _name, _kind in THURINGIA_DISTRICTS] + [OUTSIDE_THURINGIA]
    companies = []
    for n in range(40):
        section, division, trade = TRADES[n % len(TRADES)]
        name = f"{trade} {FAMILY_NAMES[n % len(FAMILY_NAMES)]} {FORMS[n % len(FORMS)].label}"
        if n >= len(FAMILY_NAMES):
            name = f"{FAMILY_NAMES[n % len(FAMILY_NAMES)]} & Söhne {trade} {FORMS[n % 3].label}"
        employees = rng.choice([4, 8, 15, 28, 45, 70, 120, 180, 240, 320])
        company, was_created = Company.objects.get_or_create(
            name=name,
            defaults={
                "legal_form": FORMS[n % len(FORMS)],
                "street": f"Industriestraße {n + 1}",
                "postcode": f"{rng.randint(1, 9)}{rng.randint(1000, 9999)}".rjust(5, "0"),
                "city": rng.choice(
                    [
                        "Ilmenau",
                        "Suhl",
                        "Jena",
                        "Gera",
                        "Erfurt",
                        "Gotha",
                        "Sonneberg",
                        "Nordhausen",
                        "Arnstadt",
                        "Saalfeld",
                    ]
                ),
                "district": districts[n % len(districts)],
                "sector_section": section,
                "sector_division": division,
                "employees": employees,
                "annual_turnover": Decimal(employees * rng.randint(80, 160) * 1000),
                "website": f"https://www.firma{n + 1}.example",
                "lead_partner": partners[n % len(partners)],
            },
        )
        companies.append(company)
        if was_created:
            created["more_companies"] += 1
            Contact.objects.create(
                company=company,
                first_name=rng.choice(["Anja", "Jens", "Sabine", "Thomas", "Kerstin", "Mario"]),
                last_name=FAMILY_NAMES[n % len(FAMILY_NAMES)],
                role=rng.choice(["Geschäftsführung", "Produktionsleitung", "IT", "Qualität"]),
                email=f"kontakt@firma{n + 1}.example",
                phone=f"03677 {rng.randint(100000, 999999)}",
                consent_at=timezone.now(),
                consent_text_version=SIGNUP_CONSENT_VERSION,
            )
            if n % 7 == 3 and company.lead_partner is not None:
                other = partners[(n + 1) % len(partners)]
                CompanyShare.objects.create(
                    company=company,
                    partner=other,
                    reason="Gemeinsamer Laborversuch",
                )
                created["shares"] += 1
            if company.lead_partner is not None:
                created["sessions"] += _seed_sessions(company, staff, topics, rng)
    created["slots"] += _seed_slots(partners, staff)
    created["requests"] += _seed_requests(partners, staff, topics)
    if scale:
        created["more_companies"] += _seed_bulk(scale, partners, districts, rng)
    return created


def _seed_sessions(company: Company, staff: dict, topics: list, rng: random.Random) -> int:
    partner_id = company.lead_partner_id
    if partner_id is None:  # the demo's unrouted companies have no sessions yet
        return 0
    people = staff[partner_id]
    today = timezone.localdate()
    count = rng.randint(1, 4)
    for index, stage in enumerate(list(Stage)[:count]):
        session = AdvisorySession.objects.create(
            company=company,
            partner_id=partner_id,
            date=today - timedelta(days=rng.randint(5, 60) + (count - index) * 45),
            duration_minutes=rng.choice([45, 60, 90, 120]),
            format=rng.choice(HAND_FORMATS),
            stage=stage,
            summary=SUMMARIES[stage],
            outcomes="Nächste Schritte vereinbart.",
            good_practice_consent=stage == Stage.IMPLEMENTATION,
        )
        session.consultants.set(rng.sample(people, k=1))
        session.topics.set(rng.sample(topics, k=2))
        if index == count - 1:
            FollowUp.objects.create(
                session=session,
                title=rng.choice(FOLLOW_UP_TITLES),
                owner=rng.choice(people),
                due_date=today + timedelta(days=rng.randint(-5, 20)),
            )
    return count


def _working_day(day: date) -> date:
    """The day itself from Monday to Friday, else the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _seed_slots(partners: list, staff: dict) -> int:
    created = 0
    today = timezone.localdate()
    for number, partner in enumerate(partners):
        for person in staff[partner.pk]:
            if AvailabilitySlot.objects.filter(consultant=person, partner=partner).exists():
                continue
            series = uuid.uuid4()
            for week in range(6):
                day = _working_day(today + timedelta(days=2 + number + week * 7))
                hour = 9 + (number + week) % 7  # office hours: 9:00 to 16:00
                AvailabilitySlot.objects.create(
                    partner=partner,
                    consultant=person,
                    starts_at=_at(day, hour),
                    ends_at=_at(day, hour + 1),
                    mode=MeetingFormat.REMOTE if week % 2 else MeetingFormat.ON_SITE,
                    series=series,
                )
                created += 1
    return created


# How many days ago each demo request was made: its wait, its appointment and the session it
# led to all come after it, so the figures' "days from request to session" are plausible.
REQUEST_AGE_DAYS = {
    RequestStatus.SUBMITTED: 1,
    RequestStatus.ASSIGNED: 3,
    RequestStatus.SCHEDULED: 5,
    RequestStatus.COMPLETED: 26,
    RequestStatus.DECLINED: 8,
    RequestStatus.CANCELLED: 10,
}
DAYS_FROM_REQUEST_TO_SESSION = 14


def _seed_requests(partners: list, staff: dict, topics: list) -> int:
    """The six demo SMEs' requests: one in every state of the lifecycle."""
    by_slug = {p.slug: p for p in partners}
    topic = {t.slug: t for t in topics}
    plan = [
        ("sme1@example.com", RequestStatus.SUBMITTED, None, ["it-security", "erp-mes"]),
        ("sme2@example.com", RequestStatus.SUBMITTED, "tu-ilmenau", ["sensors-iot"]),
        ("sme3@example.com", RequestStatus.ASSIGNED, "gfe", ["additive-manufacturing"]),
        ("sme4@example.com", RequestStatus.SCHEDULED, "eah-jena", ["data-ai"]),
        (
            "sme5@example.com",
            RequestStatus.COMPLETED,
            "imms",
            ["sensors-iot", "automation-robotics"],
        ),
        ("sme6@example.com", RequestStatus.DECLINED, "imms", ["funding"]),
        ("sme1@example.com", RequestStatus.CANCELLED, "tu-ilmenau", ["qualification"]),
    ]
    created = 0
    for email, status, slug, topic_slugs in plan:
        member = (
            CompanyMember.objects.filter(user__email=email)
            .select_related("company", "user")
            .first()
        )
        if member is None:
            continue
        if ConsultationRequest.objects.filter(company=member.company, status=status).exists():
            continue
        partner = by_slug.get(slug) if slug else None
        request = ConsultationRequest(
            company=member.company,
            created_by=member.user,
            description="Wir möchten wissen, wie wir mit wenig Aufwand starten können.",
            preferred_partner=partner,
            partner=partner,
            proposed_times="Dienstag oder Donnerstag vormittags",
            status=status,
        )
        consultant = staff[partner.pk][-1] if partner else None
        if status == RequestStatus.SUBMITTED and partner is not None:
            slot = (
                AvailabilitySlot.objects.filter(partner=partner, booking__isnull=True)
                .order_by("starts_at")
                .first()
            )
            if slot is not None:
                AvailabilitySlot.objects.filter(pk=slot.pk).update(status=SlotStatus.BOOKED)
                request.slot = slot
                request.consultant = slot.consultant
                request.mode = slot.mode
                request.scheduled_start, request.scheduled_end = slot.starts_at, slot.ends_at
        if status in {RequestStatus.ASSIGNED, RequestStatus.SCHEDULED, RequestStatus.COMPLETED}:
            request.consultant = consultant
        if status == RequestStatus.SCHEDULED:
            day = timezone.localdate() + timedelta(days=9)
            request.scheduled_start, request.scheduled_end = _at(day, 13), _at(day, 14)
            request.mode = MeetingFormat.LAB
        if status == RequestStatus.DECLINED:
            request.decline_reason = "Das Thema betreut besser ein Partner aus der Region."
        request.save()
        # created_at is auto_now_add: date the request back with an update.
        made_at = timezone.now() - timedelta(days=REQUEST_AGE_DAYS[status])
        ConsultationRequest.objects.filter(pk=request.pk).update(
            created_at=made_at, updated_at=made_at
        )
        request.created_at = request.updated_at = made_at
        request.topics.set([topic[s] for s in topic_slugs if s in topic])
        if (
            partner is not None
            and partner.pk != member.company.lead_partner_id
            and not CompanyShare.objects.filter(
                company=member.company, partner=partner, revoked_at__isnull=True
            ).exists()
            and member.company.lead_partner_id is not None
        ):
            CompanyShare.objects.create(
                company=member.company, partner=partner, reason=f"Beratungsanfrage #{request.pk}"
            )
        if status == RequestStatus.COMPLETED and partner is not None and consultant is not None:
            session = AdvisorySession.objects.create(
                company=member.company,
                partner=partner,
                request=request,
                date=timezone.localdate(made_at) + timedelta(days=DAYS_FROM_REQUEST_TO_SESSION),
                duration_minutes=90,
                format=MeetingFormat.ON_SITE,
                stage=Stage.FIRST_CONTACT,
                summary=SUMMARIES[Stage.FIRST_CONTACT],
                outcomes="Versuch im Demonstrator vereinbart.",
            )
            session.consultants.set([consultant])
            session.topics.set(request.topics.all())
            FollowUp.objects.create(
                session=session,
                title="Termin im Demonstrator vereinbaren",
                owner=consultant,
                due_date=timezone.localdate() + timedelta(days=5),
            )
        created += 1
    return created


def _seed_bulk(scale: int, partners: list, districts: list, rng: random.Random) -> int:
    """Benchmark volume: scale x 1,000 plain company records (idempotent by name)."""
    prefix = "Benchmark-Firma"
    existing = Company.objects.filter(name__startswith=prefix).count()
    wanted = scale * 1000
    rows = [
        Company(
            name=f"{prefix} {n:06}",
            postcode="98693",
            city="Ilmenau",
            district=districts[n % len(districts)],
            sector_section="C",
            sector_division="25",
            employees=rng.randint(1, 400),
            lead_partner=partners[n % len(partners)],
        )
        for n in range(existing, wanted)
    ]
    Company.objects.bulk_create(rows, batch_size=500)
    _seed_bulk_sessions(prefix, partners, rng)
    return len(rows)


BULK_SESSIONS_PER_COMPANY = 5


def _seed_bulk_sessions(prefix: str, partners: list, rng: random.Random) -> int:
    """Five advisory sessions per benchmark company over the last two years, in bulk; companies
    that have sessions already are skipped, so a rerun adds only what is missing."""
    companies = list(
        Company.objects.filter(name__startswith=prefix, sessions__isnull=True)
        .order_by("pk")
        .values_list("pk", "lead_partner_id")
    )
    if not companies:
        return 0
    topics = list(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
    staff = {
        p.pk: list(Membership.objects.filter(partner=p).values_list("user_id", flat=True))
        for p in partners
    }
    today = timezone.localdate()
    stages = list(Stage)
    formats = list(HAND_FORMATS)
    made = 0
    for start in range(0, len(companies), 1000):
        sessions = [
            AdvisorySession(
                company_id=company_id,
                partner_id=partner_id,
                date=today - timedelta(days=rng.randint(1, 730)),
                duration_minutes=rng.choice([45, 60, 90, 120]),
                format=rng.choice(formats),
                stage=stages[index],
                summary=SUMMARIES[stages[index]],
            )
            for company_id, partner_id in companies[start : start + 1000]
            for index in range(BULK_SESSIONS_PER_COMPANY)
        ]
        AdvisorySession.objects.bulk_create(sessions, batch_size=1000)
        if topics:
            AdvisorySession.topics.through.objects.bulk_create(
                [
                    AdvisorySession.topics.through(advisorysession_id=s.pk, topic_id=topic)
                    for s in sessions
                    for topic in rng.sample(topics, k=min(2, len(topics)))
                ],
                batch_size=2000,
            )
        consultants = [
            AdvisorySession.consultants.through(advisorysession_id=s.pk, user_id=people[0])
            for s in sessions
            if (people := staff.get(s.partner_id))
        ]
        AdvisorySession.consultants.through.objects.bulk_create(consultants, batch_size=2000)
        made += len(sessions)
    return made
