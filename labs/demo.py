"""Demo labs of the four partners, with opening hours and guides, and trials in every state.

Idempotent: labs are found by their fixed slug and only created when missing; the trials are
made once, when none of the demo labs has any. Dates are relative to the day of the first run.
Rows are written directly (seed_demo runs unscoped) and keep the services' rules: approved
trials never overlap in a lab or for a guide, and a done trial carries its advisory session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from consulting.models import (
    AdvisorySession,
    CompanyMember,
    CompanyShare,
    MeetingFormat,
    Stage,
)
from labs.models import Lab, Trial, TrialPurpose, TrialStatus
from portal.models import PartnerInstitution, Topic, User

WEEKDAYS_8_16 = {str(day): ["08:00", "16:00"] for day in range(5)}
MON_THU_9_15 = {str(day): ["09:00", "15:00"] for day in range(4)}


@dataclass(frozen=True)
class DemoLab:
    slug: str
    partner: str
    name: str
    description: str
    equipment: tuple[str, ...]
    topics: tuple[str, ...]
    address: str
    room: str
    hours: dict[str, list[str]]
    capacity: int = 1
    notice_days: int = 3
    max_trial_hours: int = 8
    published: bool = True


LABS = [
    DemoLab(
        "demonstrator-additive-fertigung",
        "tu-ilmenau",
        "Demonstrator Additive Fertigung",
        "Unternehmen drucken hier Prototypen und Kleinserienteile aus Metall und Kunststoff, "
        "prüfen Maßhaltigkeit und Oberfläche und vergleichen die Kosten mit der konventionellen "
        "Fertigung – bevor sie selbst in eine Anlage investieren.",
        (
            "Laserstrahlschmelzanlage (Metall, Bauraum 250 × 250 × 300 mm)",
            "FDM-Drucker für technische Kunststoffe",
            "3D-Scanner zur Formabweichungsanalyse",
            "Nachbearbeitungsplatz (Entpulvern, Wärmebehandlung)",
        ),
        ("additive-manufacturing", "digital-twin"),
        "Gustav-Kirchhoff-Platz 2, 98693 Ilmenau",
        "Fertigungstechnik-Labor, Halle 1",
        WEEKDAYS_8_16,
    ),
    DemoLab(
        "robotik-montagezelle",
        "tu-ilmenau",
        "Robotik- und Montagezelle",
        "Eine Montagezelle mit kollaborierendem Roboter und Bildverarbeitung: Unternehmen "
        "testen eigene Greifer, Vorrichtungen und die Anbindung an ihre Steuerung.",
        (
            "Kollaborierender Roboter UR10e mit Kraft-Momenten-Sensor",
            "Bildverarbeitungsstation mit 2D- und 3D-Kamera",
            "SPS mit OPC-UA-Server",
            "Förderband mit Werkstückträgern",
        ),
        ("automation-robotics", "sensors-iot"),
        "Gustav-Kirchhoff-Platz 2, 98693 Ilmenau",
        "Halle 2, Zelle B",
        WEEKDAYS_8_16,
        capacity=2,
        notice_days=5,
        max_trial_hours=6,
    ),
    DemoLab(
        "zerspanung-messtechnik",
        "gfe",
        "Zerspanungs- und Messtechniklabor",
        "Werkzeuge, Schnittdaten und Spannkonzepte unter Produktionsbedingungen erproben und "
        "das Ergebnis gleich im Messraum prüfen – mit den Ingenieuren der GFE an der Seite.",
        (
            "5-Achs-Bearbeitungszentrum",
            "Koordinatenmessgerät im klimatisierten Messraum",
            "Oberflächen- und Konturmessgerät",
            "Werkzeugvoreinstellgerät mit Datenübergabe an die Maschine",
        ),
        ("automation-robotics", "sensors-iot", "investment-evaluation"),
        "Näherstiller Straße 10, 98574 Schmalkalden",
        "Technikum, Halle 3",
        WEEKDAYS_8_16,
        notice_days=7,
    ),
    DemoLab(
        "erp-mes-lernfabrik",
        "eah-jena",
        "ERP/MES-Lernfabrik",
        "Eine kleine Fabrik mit ERP- und MES-Testsystem: Aufträge durchlaufen die Fertigung, "
        "Daten fließen von der Maschine bis zur Kalkulation. Unternehmen testen Schnittstellen "
        "zu ihren eigenen Systemen, Kunden und Lieferanten.",
        (
            "ERP-Testsystem mit Musterunternehmen",
            "MES mit Betriebs- und Maschinendatenerfassung",
            "RFID-Verfolgung von Werkstückträgern",
            "Dashboard-Arbeitsplatz für Kennzahlen",
        ),
        ("erp-mes", "data-ai", "business-models"),
        "Carl-Zeiss-Promenade 2, 07745 Jena",
        "Haus 5, Raum 05.01",
        MON_THU_9_15,
        capacity=2,
        max_trial_hours=6,
    ),
    DemoLab(
        "sensorik-iot-testfeld",
        "imms",
        "Sensorik- und IoT-Testfeld",
        "Funksensoren, Gateways und Auswertung im Zusammenspiel testen: Reichweite, "
        "Energiebedarf und Datensicherheit der eigenen Lösung, bevor sie in die Halle geht.",
        (
            "Drahtlose Sensorknoten (Temperatur, Schwingung, Strom)",
            "LoRaWAN- und 5G-Campus-Gateway",
            "Klimakammer −40 … +120 °C",
            "EMV-Vormessplatz",
        ),
        ("sensors-iot", "data-ai"),
        "Ehrenbergstraße 27, 98693 Ilmenau",
        "Labor 1.12",
        WEEKDAYS_8_16,
    ),
    DemoLab(
        "it-sicherheit-produktion",
        "imms",
        "IT-Sicherheitslabor Produktion",
        "Ein abgeschottetes Produktionsnetz mit Steuerungen, in dem Unternehmen ihre Geräte "
        "und Fernwartungszugänge auf Schwachstellen prüfen lassen.",
        (
            "Steuerungen verschiedener Hersteller im Testnetz",
            "Netzwerkanalyse und Angriffssimulation",
            "Fernwartungs-Gateway",
        ),
        ("it-security",),
        "Ehrenbergstraße 27, 98693 Ilmenau",
        "Labor 2.04",
        MON_THU_9_15,
        published=False,
    ),
]


@dataclass(frozen=True)
class DemoTrial:
    lab: str
    company: int  # sme1..sme6 as 1..6
    status: str
    weekdays: int  # weekdays from today (negative: in the past)
    hours: tuple[int, int]
    purpose: str
    description: str
    brings: str = ""
    reason: str = ""
    outcome: tuple[str, str, str] = ("", "", "")


P = TrialPurpose
TRIALS = [
    DemoTrial(
        "demonstrator-additive-fertigung",
        1,
        TrialStatus.DONE,
        -12,
        (9, 15),
        P.BEFORE_BUYING,
        "Ein Drehteil aus Edelstahl als Metalldruck: geht das mit unseren Toleranzen?",
        "Zeichnung und STEP-Datei des Teils",
        outcome=(
            "Gedruckt wurden drei Varianten des Halters in 1.4404 mit angepasster Stützstruktur.",
            "Toleranz ±0,1 mm nach Nacharbeit erreicht; Stückkosten ab 50 Teilen günstiger als "
            "gefräst.",
            "Angebot für eine Vorserie einholen; Wirtschaftlichkeit mit dem Kompetenzzentrum "
            "rechnen.",
        ),
    ),
    DemoTrial(
        "zerspanung-messtechnik",
        3,
        TrialStatus.DONE,
        -8,
        (8, 14),
        P.OWN_DEVELOPMENT,
        "Unser neues Spannsystem für dünnwandige Gehäuse unter Last erproben.",
        "Spannvorrichtung, 20 Rohteile",
        outcome=(
            "Spannsystem bei drei Schnittstrategien, Verformung im Messraum geprüft.",
            "Verformung 60 % geringer als mit dem bisherigen Spannmittel.",
            "Zweite Version mit gehärteten Backen bauen und erneut messen.",
        ),
    ),
    DemoTrial(
        "erp-mes-lernfabrik",
        4,
        TrialStatus.NO_SHOW,
        -4,
        (9, 12),
        P.INTERFACE,
        "Schnittstelle unseres Auftragsportals zum MES.",
    ),
    DemoTrial(
        "sensorik-iot-testfeld",
        5,
        TrialStatus.DECLINED,
        -6,
        (9, 12),
        P.OWN_DEVELOPMENT,
        "Funkreichweite unserer Sensorplatine in der Halle messen.",
        reason="Das Testfeld ist in dieser Woche für eine Messkampagne belegt.",
    ),
    DemoTrial(
        "robotik-montagezelle",
        1,
        TrialStatus.APPROVED,
        1,
        (9, 13),
        P.OWN_DEVELOPMENT,
        "Eigener Sauggreifer für Blechteile am Cobot, Taktzeit ermitteln.",
        "Greifer, 30 Blechteile",
    ),
    DemoTrial(
        "sensorik-iot-testfeld",
        6,
        TrialStatus.APPROVED,
        6,
        (8, 12),
        P.BEFORE_BUYING,
        "Schwingungssensoren verschiedener Hersteller an einem Motor vergleichen.",
    ),
    DemoTrial(
        "erp-mes-lernfabrik",
        4,
        TrialStatus.PROPOSED,
        9,
        (10, 13),
        P.INTERFACE,
        "Rückmeldung der Maschinendaten an unser ERP testen.",
        "Exportdateien unseres ERP",
    ),
    DemoTrial(
        "zerspanung-messtechnik",
        2,
        TrialStatus.REQUESTED,
        12,
        (8, 12),
        P.BEFORE_BUYING,
        "Inline-Messung von Spritzgusswerkzeugen vor dem Kauf eines Messsystems.",
    ),
    DemoTrial(
        "demonstrator-additive-fertigung",
        5,
        TrialStatus.REQUESTED,
        10,
        (9, 12),
        P.OWN_DEVELOPMENT,
        "Gehäuse für eine Sensorplatine aus dem Drucker, Passung prüfen.",
    ),
    DemoTrial(
        "robotik-montagezelle",
        6,
        TrialStatus.CANCELLED,
        8,
        (9, 12),
        P.INTERFACE,
        "Roboter an unsere Schweißvorrichtung anbinden.",
        reason="Vorrichtung wird erst im nächsten Quartal fertig.",
    ),
]


def _weekday(offset: int) -> date:
    """The `offset`-th weekday from today (negative: back in time)."""
    day = timezone.localdate()
    step = 1 if offset >= 0 else -1
    count = 0
    while count < abs(offset):
        day += timedelta(days=step)
        if day.weekday() < 5:
            count += 1
    while day.weekday() >= 4 and offset >= 0:  # land on Mon-Thu, every demo lab is open then
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def seed(**options: Any) -> dict[str, int]:
    created = {"labs": 0, "lab_trials": 0}
    partners = {p.slug: p for p in PartnerInstitution.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    labs = {}
    for demo in LABS:
        if demo.partner not in partners:
            continue
        lab = Lab.objects.filter(slug=demo.slug).first()
        if lab is None:
            lab = _create_lab(demo, partners[demo.partner], topics)
            created["labs"] += 1
        labs[demo.slug] = lab
    if labs and not Trial.objects.filter(lab__in=labs.values()).exists():
        created["lab_trials"] = _seed_trials(labs)
    return created


def _create_lab(demo: DemoLab, partner: PartnerInstitution, topics: dict[str, Topic]) -> Lab:
    lab = Lab.objects.create(
        partner=partner,
        slug=demo.slug,
        name=demo.name,
        description=demo.description,
        equipment="\n".join(demo.equipment),
        address=demo.address,
        room=demo.room,
        capacity=demo.capacity,
        opening_hours=demo.hours,
        notice_days=demo.notice_days,
        max_trial_hours=demo.max_trial_hours,
        is_published=demo.published,
    )
    lab.topics.set([topics[slug] for slug in demo.topics if slug in topics])
    guides = User.objects.filter(
        email__in=[f"padmin@{partner.slug}.example", f"consultant@{partner.slug}.example"]
    )
    lab.guides.set(guides)
    return lab


def _seed_trials(labs: dict[str, Lab]) -> int:
    members = {m.user.email: m for m in CompanyMember.objects.select_related("user", "company")}
    made = 0
    for demo in TRIALS:
        member = members.get(f"sme{demo.company}@example.com")
        lab = labs.get(demo.lab)
        if member is None or lab is None:
            continue
        company, user = member.company, member.user
        day = _weekday(demo.weekdays)
        guide = lab.guides.order_by("email").first()  # the consultant guides (consultant@…)
        decided = demo.status not in (TrialStatus.REQUESTED,)
        trial = Trial.objects.create(
            lab=lab,
            company=company,
            requested_by=user,
            purpose=demo.purpose,
            description=demo.description,
            brings=demo.brings,
            people=2,
            starts_at=_at(day, demo.hours[0]),
            ends_at=_at(day, demo.hours[1]),
            status=demo.status,
            guide=guide if decided and demo.status != TrialStatus.DECLINED else None,
            decline_reason=demo.reason,
            decided_at=timezone.now() if decided else None,
        )
        if (
            company.lead_partner_id != lab.partner_id
            and not CompanyShare.objects.filter(
                company=company, partner=lab.partner, revoked_at__isnull=True
            ).exists()
        ):
            CompanyShare.objects.create(
                company=company, partner=lab.partner, reason=f"Labortest #{trial.pk}"
            )
        if demo.status == TrialStatus.DONE:
            _record_outcome(trial, demo, guide)
        made += 1
    return made


def _record_outcome(trial: Trial, demo: DemoTrial, guide: User | None) -> None:
    tested, result, next_steps = demo.outcome
    session = AdvisorySession.objects.create(
        company=trial.company,
        partner=trial.lab.partner,
        date=timezone.localdate(trial.starts_at),
        duration_minutes=trial.duration_minutes,
        format=MeetingFormat.LAB_TRIAL,
        stage=Stage.LAB_TEST,
        summary=f"Labortest in {trial.lab.name}: {tested}",
        outcomes=f"{result}\n\nNächste Schritte: {next_steps}",
        good_practice_consent=True,
        created_by=guide,
    )
    session.topics.set(trial.lab.topics.all())
    if guide is not None:
        session.consultants.set([guide])
    trial.tested, trial.result, trial.next_steps = tested, result, next_steps
    trial.may_cite = True
    trial.session = session
    trial.save(update_fields=["tested", "result", "next_steps", "may_cite", "session"])
