"""Demo workshops of all four partners: past and upcoming, some full with a waitlist.

Idempotent: events are found by their fixed slug and only created when missing (with their
registrations), so a second run changes nothing. Dates are relative to the day of the first run.
Registrations are written directly (seeding is system code, run unscoped by seed_demo) and follow
the same rules as the services: never more seats taken than the capacity, the waitlist in
arrival order, attendance and feedback only for past workshops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from consulting.models import CompanyMember
from events.models import Event, Registration
from events.pagecache import calendar_changed
from portal.models import PartnerInstitution, Topic, User

VENUES = {
    "tu-ilmenau": "TU Ilmenau, Fertigungstechnik-Labor, Gustav-Kirchhoff-Platz 2, 98693 Ilmenau",
    "gfe": "GFE, Näherstiller Straße 10, 98574 Schmalkalden",
    "eah-jena": "Ernst-Abbe-Hochschule, Carl-Zeiss-Promenade 2, 07745 Jena",
    "imms": "IMMS, Ehrenbergstraße 27, 98693 Ilmenau",
}

COMMENTS = [
    "Sehr praxisnah, die Vorführung am Demonstrator hat geholfen.",
    "Gute Beispiele, etwas mehr Zeit für Fragen wäre schön gewesen.",
    "Wir setzen die Checkliste schon im Betrieb ein.",
    "",
    "Für Einsteiger genau richtig.",
]


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    partner: str
    title: str
    description: str
    topics: tuple[str, ...]
    format: str
    days: int  # relative to today; negative: in the past
    hours: tuple[int, int]  # start hour, duration in hours
    capacity: int
    participants: tuple[int, ...] = ()  # sme1..sme6 as 1..6, in order of registration
    status: str = Event.Status.PUBLISHED
    target_group: str = "Geschäftsführung und Fachkräfte kleiner und mittlerer Unternehmen"
    no_shows: tuple[int, ...] = field(default=())


EVENTS = [
    DemoEvent(
        "demo-additive-fertigung-einstieg",
        "tu-ilmenau",
        "Additive Fertigung: Wann lohnt sich der 3D-Druck im Betrieb?",
        "Verfahren, Werkstoffe und Kosten im Überblick; am Nachmittag fertigen wir gemeinsam "
        "ein Bauteil auf den Anlagen des Labors und rechnen durch, wann es sich rechnet.",
        ("additive-manufacturing", "investment-evaluation"),
        Event.Format.ON_SITE,
        -40,
        (9, 6),
        12,
        (1, 2, 3),
    ),
    DemoEvent(
        "demo-cobots-in-der-montage",
        "tu-ilmenau",
        "Cobots in der Montage: Sicher zusammenarbeiten",
        "Kollaborierende Roboter im Praxistest: Sicherheitsanforderungen, Programmierung "
        "ohne Vorkenntnisse und typische Einsatzfälle in der Kleinserie.",
        ("automation-robotics",),
        Event.Format.ON_SITE,
        12,
        (9, 5),
        4,
        (1, 2, 3, 4, 5, 6),  # full: four seats, two on the waitlist
    ),
    DemoEvent(
        "demo-digitaler-zwilling-kompakt",
        "tu-ilmenau",
        "Digitaler Zwilling kompakt",
        "Was ein digitaler Zwilling einer Maschine leisten kann, welche Daten er braucht und "
        "wie man klein anfängt. Online mit Live-Demonstration.",
        ("digital-twin", "data-ai"),
        Event.Format.ONLINE,
        26,
        (10, 2),
        40,
        (2,),
    ),
    DemoEvent(
        "demo-qualifizierung-industrie-40",
        "tu-ilmenau",
        "Beschäftigte für Industrie 4.0 qualifizieren",
        "Lernfabrik statt Frontalunterricht: wie Sie Ihre Belegschaft Schritt für Schritt "
        "mitnehmen.",
        ("qualification",),
        Event.Format.HYBRID,
        45,
        (13, 3),
        20,
        status=Event.Status.DRAFT,
    ),
    DemoEvent(
        "demo-messtechnik-vernetzen",
        "gfe",
        "Messtechnik vernetzen: Qualitätsdaten direkt aus der Fertigung",
        "Vom Messschieber mit Funkschnittstelle bis zur Koordinatenmessmaschine: wie "
        "Messdaten ohne Abtippen in die Qualitätssicherung kommen.",
        ("sensors-iot",),
        Event.Format.ON_SITE,
        -21,
        (9, 4),
        10,
        (3, 2, 6),
        no_shows=(6,),
    ),
    DemoEvent(
        "demo-investitionen-bewerten",
        "gfe",
        "Rechnet sich das? Industrie-4.0-Investitionen bewerten",
        "Kosten, Nutzen und Risiken einer Investition nachvollziehbar bewerten – mit einer "
        "Vorlage, die Sie mitnehmen.",
        ("investment-evaluation", "funding"),
        Event.Format.ONLINE,
        7,
        (14, 2),
        3,
        (3, 4, 5, 1),  # full: three seats, one waiting
    ),
    DemoEvent(
        "demo-werkzeugverschleiss-sensorik",
        "gfe",
        "Werkzeugverschleiß mit Sensoren erkennen",
        "Körperschall, Strom und Temperatur: welche Sensoren den Werkzeugwechsel planbar "
        "machen, gezeigt an der Fräsmaschine.",
        ("sensors-iot", "automation-robotics"),
        Event.Format.ON_SITE,
        33,
        (9, 4),
        8,
        (2,),
    ),
    DemoEvent(
        "demo-erp-auswahl",
        "eah-jena",
        "Das passende ERP-System auswählen",
        "Anforderungen sammeln, Anbieter vergleichen, Stolpersteine vermeiden: ein Leitfaden "
        "für kleine Fertigungsbetriebe.",
        ("erp-mes",),
        Event.Format.ON_SITE,
        -60,
        (9, 6),
        15,
        (4, 1, 5),
    ),
    DemoEvent(
        "demo-geschaeftsmodelle-workshop",
        "eah-jena",
        "Digitale Geschäftsmodelle entwickeln",
        "Mit dem Business Model Canvas eigene Ideen für datenbasierte Dienstleistungen "
        "entwickeln und bewerten.",
        ("business-models",),
        Event.Format.HYBRID,
        -10,
        (13, 4),
        12,
        (4, 2),
    ),
    DemoEvent(
        "demo-datenanalyse-einstieg",
        "eah-jena",
        "Datenanalyse für Einsteiger: Was steckt in Ihren Produktionsdaten?",
        "Von der Excel-Tabelle zur Auswertung: typische Fragen, einfache Werkzeuge und erste "
        "Schritte zur vorausschauenden Wartung.",
        ("data-ai",),
        Event.Format.ONLINE,
        18,
        (9, 3),
        30,
        (4, 6),
    ),
    DemoEvent(
        "demo-foerdermittel-kompass",
        "eah-jena",
        "Fördermittel-Kompass Digitalisierung",
        "Welche Programme von Land und Bund passen zu Ihrem Vorhaben? Mit Sprechstunde im "
        "Anschluss.",
        ("funding",),
        Event.Format.ONLINE,
        52,
        (10, 2),
        50,
    ),
    DemoEvent(
        "demo-it-sicherheit-produktion",
        "imms",
        "IT-Sicherheit in der Produktion: die wichtigsten Schritte",
        "Netze trennen, Fernwartung absichern, Notfallplan: was kleine Betriebe zuerst tun "
        "sollten, mit Beispielen aus Thüringer Unternehmen.",
        ("it-security",),
        Event.Format.ON_SITE,
        -30,
        (9, 5),
        10,
        (5, 6, 1, 2),
    ),
    DemoEvent(
        "demo-iot-sensorik-nachruesten",
        "imms",
        "Alte Maschinen nachrüsten: IoT-Sensorik zum Anfassen",
        "Retrofit mit Funksensoren: welche Daten sich einfach erfassen lassen und wie sie "
        "sicher in die Cloud oder ins eigene Netz kommen.",
        ("sensors-iot", "it-security"),
        Event.Format.ON_SITE,
        1,
        (9, 4),
        3,
        (5, 6, 4, 2, 3),  # full: three seats, two waiting; tomorrow (reminders, check-in)
    ),
    DemoEvent(
        "demo-ki-qualitaetspruefung",
        "imms",
        "KI in der optischen Qualitätsprüfung",
        "Bildverarbeitung mit lernenden Verfahren: Möglichkeiten, Grenzen und was ein "
        "Pilotprojekt kostet.",
        ("data-ai", "sensors-iot"),
        Event.Format.HYBRID,
        21,
        (13, 3),
        16,
        (6,),
    ),
    DemoEvent(
        "demo-notfallplan-cyberangriff",
        "imms",
        "Notfallplan Cyberangriff: Übung für den Ernstfall",
        "Ein Planspiel: Was tun, wenn die Produktion stillsteht? Abgesagt, weil der Raum "
        "nicht zur Verfügung steht; ein neuer Termin folgt.",
        ("it-security",),
        Event.Format.ON_SITE,
        9,
        (9, 4),
        12,
        (5,),
        status=Event.Status.CANCELLED,
    ),
]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour=hour)))


def seed(**options: Any) -> dict[str, int]:
    created = {"workshops": 0, "registrations": 0}
    partners = {p.slug: p for p in PartnerInstitution.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    sme_users = {n: User.objects.filter(email=f"sme{n}@example.com").first() for n in range(1, 7)}
    organisations = {
        m.user_id: (m.company_id, m.company.name)
        for m in CompanyMember.objects.select_related("company")
    }
    admins = {
        slug: User.objects.filter(email=f"padmin@{slug}.example").first() for slug in partners
    }
    for number, demo in enumerate(EVENTS):
        if demo.partner not in partners or Event.objects.filter(slug=demo.slug).exists():
            continue
        event = _create_event(demo, partners[demo.partner], admins.get(demo.partner), topics)
        created["workshops"] += 1
        people = [u for n in demo.participants if (u := sme_users.get(n)) is not None]
        no_shows = {u.pk for n in demo.no_shows if (u := sme_users.get(n)) is not None}
        for position, user in enumerate(people):
            company_id, organisation = organisations.get(user.pk, (None, ""))
            _register(event, user, company_id, organisation, position, number, no_shows)
            created["registrations"] += 1
    scale = int(options.get("scale") or 0)
    if scale:
        workshops, registrations = _seed_bulk(scale, list(partners.values()), list(topics.values()))
        created["workshops"] += workshops
        created["registrations"] += registrations
    if any(created.values()):
        calendar_changed()  # bulk rows bypass the services, which would otherwise forget
    return created


BULK_SLUG = "benchmark-workshop"
BULK_PEOPLE = 3000  # a pool of participants; each workshop draws distinct ones from it
BULK_PER_WORKSHOP = 30


def _seed_bulk(scale: int, partners: list, topics: list) -> tuple[int, int]:
    """Benchmark volume: scale x 100 workshops (two years back, a few months ahead) with 30
    registrations each, in bulk and idempotent (by slug; participants by e-mail)."""
    import random

    from consulting.models import Company

    rng = random.Random(5050)  # noqa: S311 - the same demo every time, not security
    if not partners:
        return 0, 0
    existing_people = set(
        User.objects.filter(email__endswith="@bench.example").values_list("email", flat=True)
    )
    User.objects.bulk_create(
        [
            User(
                email=email,
                password=UNUSABLE_PASSWORD_PREFIX,
                first_name="Bench",
                last_name=f"{n:05}",
            )
            for n in range(BULK_PEOPLE)
            if (email := f"participant{n:05}@bench.example") not in existing_people
        ],
        batch_size=1000,
    )
    people = list(
        User.objects.filter(email__endswith="@bench.example")
        .order_by("email")
        .values_list("pk", flat=True)
    )
    companies = list(
        Company.objects.filter(name__startswith="Benchmark-Firma").values_list("pk", flat=True)
    )
    done = Event.objects.filter(slug__startswith=BULK_SLUG).count()
    now = timezone.now()
    events = []
    for n in range(done, scale * 100):
        start = (now - timedelta(days=730) + timedelta(days=rng.randint(0, 850))).replace(
            minute=0, second=0, microsecond=0
        )
        past = start + timedelta(hours=3) <= now
        events.append(
            Event(
                organizer=partners[n % len(partners)],
                slug=f"{BULK_SLUG}-{n:05}",
                title=f"Praxisworkshop Industrie 4.0 Nr. {n + 1}",
                description="Einführung mit Übungen am Demonstrator.",
                format=Event.Format.ON_SITE,
                venue="Demonstrator, Ilmenau",
                start=start,
                end=start + timedelta(hours=3),
                capacity=BULK_PER_WORKSHOP - 4,
                status=Event.Status.COMPLETED if past else Event.Status.PUBLISHED,
                published_at=start - timedelta(days=60),
            )
        )
    Event.objects.bulk_create(events, batch_size=1000)
    if topics:
        Event.topics.through.objects.bulk_create(
            [Event.topics.through(event_id=e.pk, topic_id=rng.choice(topics).pk) for e in events],
            batch_size=2000,
        )
    registrations = []
    for event in events:
        past = event.status == Event.Status.COMPLETED
        for position, user_id in enumerate(rng.sample(people, k=BULK_PER_WORKSHOP)):
            seat = position < event.capacity
            attended = past and seat and rng.random() < 0.85
            if not seat:
                status = Registration.Status.WAITLISTED
            elif attended:
                status = Registration.Status.ATTENDED
            else:
                status = Registration.Status.CONFIRMED
            registrations.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    company_id=rng.choice(companies) if companies else None,
                    status=status,
                    created_at=event.start - timedelta(days=30) + timedelta(hours=position),
                    checked_in_at=event.start if attended else None,
                    feedback_rating=rng.choice([3, 4, 4, 5, 5]) if attended else None,
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=2000)
    return len(events), len(registrations)


def _create_event(
    demo: DemoEvent, partner: PartnerInstitution, admin: User | None, topics: dict[str, Topic]
) -> Event:
    start = _at(demo.days, demo.hours[0])
    end = start + timedelta(hours=demo.hours[1])
    past = end <= timezone.now()
    status = demo.status
    if past and status == Event.Status.PUBLISHED:
        status = Event.Status.COMPLETED
    is_online = demo.format in (Event.Format.ONLINE, Event.Format.HYBRID)
    event = Event(
        organizer=partner,
        slug=demo.slug,
        title=demo.title,
        description=demo.description,
        format=demo.format,
        venue=VENUES[demo.partner] if demo.format != Event.Format.ONLINE else "",
        online_url=f"https://meet.example.org/m40-{demo.slug}" if is_online else "",
        start=start,
        end=end,
        capacity=demo.capacity,
        registration_opens=start - timedelta(days=60),
        target_group=demo.target_group,
        status=status,
        created_by=admin,
        published_at=None if status == Event.Status.DRAFT else start - timedelta(days=60),
        cancelled_at=timezone.now() if status == Event.Status.CANCELLED else None,
        cancellation_reason="Der Raum steht nicht zur Verfügung; ein neuer Termin folgt."
        if status == Event.Status.CANCELLED
        else "",
    )
    event.full_clean()
    event.save()
    event.topics.set([topics[slug] for slug in demo.topics if slug in topics])
    return event


def _register(
    event: Event,
    user: User,
    company_id: int | None,
    organisation: str,
    position: int,
    number: int,
    no_shows: set[int],
) -> Registration:
    seat = position < event.capacity
    status = Registration.Status.CONFIRMED if seat else Registration.Status.WAITLISTED
    checked_in_at = None
    rating, comment, feedback_at = None, "", None
    if event.status == Event.Status.COMPLETED and seat and user.pk not in no_shows:
        status = Registration.Status.ATTENDED
        checked_in_at = event.start - timedelta(minutes=10)
        rating = 5 - (position + number) % 3
        comment = COMMENTS[(position + number) % len(COMMENTS)]
        feedback_at = event.end + timedelta(days=1)
    registration = Registration(
        event=event,
        user=user,
        company_id=company_id,
        organisation=organisation,
        status=status,
        created_at=event.start - timedelta(days=20) + timedelta(hours=position),
        checked_in_at=checked_in_at,
        feedback_rating=rating,
        feedback_comment=comment,
        feedback_at=feedback_at,
    )
    registration.full_clean(validate_constraints=False)
    registration.save()
    return registration
