"""Demo measure templates (per partner) and evaluations of the demo SMEs, through the services.

The figures are plausible examples, marked as such (`is_example`), not data of real firms: a
retrofit connectivity kit for 2-3 machines at 15-25 kEUR, machine data acquisition with an MES
module at 40-70 kEUR, and so on, in the ranges public Mittelstand 4.0 examples give.
Idempotent: templates are found by partner and German title, an SME that has an evaluation is
left alone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from consulting.models import AdvisorySession, Company, CompanyMember
from economics import finance, services
from economics.inputs import VersionData, defaults_of
from economics.models import KIND_OF, Evaluation, EvaluationVersion, LineItem, MeasureTemplate
from portal.models import PartnerInstitution

D = Decimal

# (partner slug, title de, title en, dimension key, hint de, hint en, inputs)
TEMPLATES: list[tuple[str, str, str, str, str, str, VersionData]] = [
    (
        "tu-ilmenau",
        "Retrofit: Maschinen vernetzen",
        "Retrofit: connecting machines",
        "smart_factory",
        "Nachrüst-Sensorik und Gateway für zwei bis drei Bestandsmaschinen; Nutzen vor allem "
        "durch weniger Stillstand und weniger Suchzeit.",
        "Retrofit sensors and a gateway for two or three existing machines; the benefit comes "
        "mostly from less downtime and less searching.",
        VersionData(
            horizon=5,
            rate=D(6),
            investments={
                "hardware": (D(14000), 0),
                "integration": (D(6000), 0),
                "training": (D(1500), 0),
            },
            running={"licences": D(1200), "maintenance": D(600)},
            benefits={"downtime": D(6000)},
            hours_saved=D(200),
            hourly_rate=D(45),
            ramp_up=(D(60), D(100), D(100)),
        ),
    ),
    (
        "gfe",
        "Maschinen- und Betriebsdatenerfassung",
        "Machine and production data acquisition",
        "smart_operations",
        "MDE/BDE mit Terminals an den Arbeitsplätzen; Nutzen durch transparente Auslastung, "
        "weniger Nacharbeit und schnellere Rückmeldung.",
        "Data acquisition with terminals at the workplaces; benefits from transparent "
        "utilisation, less rework and faster feedback.",
        VersionData(
            horizon=6,
            rate=D(6),
            investments={
                "hardware": (D(18000), 0),
                "software": (D(25000), 0),
                "integration": (D(12000), 0),
                "training": (D(3000), 0),
                "internal": (D(6000), 0),
            },
            running={"licences": D(4800), "maintenance": D(1500)},
            benefits={"scrap": D(9000), "downtime": D(8000)},
            hours_saved=D(500),
            hourly_rate=D(42),
            ramp_up=(D(50), D(85), D(100)),
            utility=[
                {"key": "transparency", "weight": 4, "score": 5},
                {"key": "quality", "weight": 3, "score": 4},
            ],
        ),
    ),
    (
        "eah-jena",
        "Schnittstelle ERP – Shopfloor",
        "ERP–shop-floor interface",
        "smart_operations",
        "Aufträge und Rückmeldungen ohne Medienbruch; Nutzen durch weniger Erfassungsaufwand "
        "und kleinere Bestände.",
        "Orders and feedback without re-keying; benefits from less data entry and smaller stock.",
        VersionData(
            horizon=5,
            rate=D(5),
            investments={"software": (D(15000), 0), "integration": (D(20000), 0)},
            running={"licences": D(2400), "maintenance": D(1000)},
            hours_saved=D(600),
            hourly_rate=D(40),
            stock_release=D(15000),
            ramp_up=(D(70), D(100), D(100)),
        ),
    ),
    (
        "imms",
        "Vorausschauende Instandhaltung",
        "Predictive maintenance",
        "smart_factory",
        "Schwingungs- und Temperatursensoren an einer Engpassmaschine mit Auswertung; Nutzen "
        "durch vermiedene ungeplante Stillstände.",
        "Vibration and temperature sensors on a bottleneck machine with analytics; benefits "
        "from avoided unplanned downtime.",
        VersionData(
            horizon=5,
            rate=D(6),
            investments={
                "hardware": (D(12000), 0),
                "software": (D(8000), 0),
                "integration": (D(10000), 0),
            },
            running={"licences": D(3000), "maintenance": D(800)},
            benefits={"downtime": D(18000), "energy": D(1500)},
            ramp_up=(D(40), D(80), D(100)),
        ),
    ),
    (
        "tu-ilmenau",
        "Papierlose Qualitätsprüfung",
        "Paperless quality inspection",
        "employees",
        "Prüfpläne und Messwerte am Tablet statt auf Papier; Nutzen durch weniger Ausschuss und "
        "Zeitersparnis bei der Dokumentation.",
        "Inspection plans and readings on a tablet instead of paper; benefits from less scrap "
        "and less time documenting.",
        VersionData(
            horizon=4,
            rate=D(5),
            investments={
                "hardware": (D(4000), 0),
                "software": (D(6000), 0),
                "training": (D(2000), 0),
            },
            running={"licences": D(1800)},
            benefits={"scrap": D(4000)},
            hours_saved=D(250),
            hourly_rate=D(38),
        ),
    ),
    (
        "eah-jena",
        "Digitales Shopfloor-Board",
        "Digital shop-floor board",
        "data_services",
        "Kennzahlen und Aufträge auf Bildschirmen in der Halle; Nutzen durch kürzere "
        "Abstimmungen und schnellere Reaktion auf Störungen.",
        "Key figures and orders on screens in the hall; benefits from shorter meetings and "
        "faster reaction to faults.",
        VersionData(
            horizon=4,
            rate=D(5),
            investments={"hardware": (D(5000), 0), "integration": (D(4000), 0)},
            running={"licences": D(900)},
            benefits={"downtime": D(2500)},
            hours_saved=D(150),
            hourly_rate=D(40),
        ),
    ),
]

# (SME e-mail, template title de, evaluation title, a second version's change)
EVALUATIONS = [
    ("sme1@example.com", "Retrofit: Maschinen vernetzen", "Retrofit der Drehmaschinen", True),
    ("sme2@example.com", "Maschinen- und Betriebsdatenerfassung", "BDE Spritzgießerei", True),
    (
        "sme3@example.com",
        "Vorausschauende Instandhaltung",
        "Zustandsüberwachung Fräszentrum",
        False,
    ),
]


def _template(partner: PartnerInstitution, row: tuple) -> tuple[MeasureTemplate, bool]:
    _slug, title_de, title_en, dimension, hint_de, hint_en, data = row
    found = MeasureTemplate.objects.filter(partner=partner, title_de=title_de).first()
    if found is not None:
        return found, False
    template = MeasureTemplate.objects.create(
        partner=partner,
        title_de=title_de,
        title_en=title_en,
        dimension_key=dimension,
        hint_de=hint_de,
        hint_en=hint_en,
        defaults=defaults_of(data),
        is_example=True,
    )
    return template, True


def seed(**options: Any) -> dict[str, int]:
    created = {"templates": 0, "evaluations": 0, "versions": 0}
    partners = {p.slug: p for p in PartnerInstitution.objects.all()}
    by_title: dict[str, tuple[MeasureTemplate, VersionData]] = {}
    for row in TEMPLATES:
        partner = partners.get(row[0])
        if partner is None:
            continue
        template, was_created = _template(partner, row)
        created["templates"] += was_created
        by_title[row[1]] = (template, row[6])
    for email, template_title, title, second in EVALUATIONS:
        member = CompanyMember.objects.filter(user__email=email).select_related("company", "user")
        found = member.first()
        if found is None or template_title not in by_title:
            continue
        company, actor = found.company, found.user
        if Evaluation.objects.filter(company=company).exists():
            continue
        template, data = by_title[template_title]
        session = AdvisorySession.objects.filter(company=company).order_by("-date").first()
        evaluation = services.create_evaluation(
            actor=actor,
            company=company,
            title=title,
            data=data,
            template=template,
            session=session,
            dimension_key=template.dimension_key,
        )
        created["evaluations"] += 1
        created["versions"] += 1
        if second:
            funded = replace(data, funding_share=D(40), note="Förderung angenommen (Annahme)")
            services.save_version(actor=actor, evaluation=evaluation, data=funded)
            created["versions"] += 1
    if int(options.get("scale") or 0):
        created["evaluations"] += _seed_bulk(list(by_title.values()))
    return created


BULK_PREFIX = "Benchmark-Firma"  # the benchmark companies consulting's demo adds with --scale
BULK_SHARE = 5  # one benchmark company in five has an evaluation


def _seed_bulk(templates: list[tuple[MeasureTemplate, VersionData]]) -> int:
    """Benchmark volume: an evaluation (one version, its line items) for every fifth benchmark
    company without one, in bulk; the figures are a template's, the dates spread over two
    years. Written directly (not through the services): thousands of rows, no actor."""
    if not templates:
        return 0
    company_ids = list(
        Company.objects.filter(name__startswith=BULK_PREFIX, evaluations__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[::BULK_SHARE]
    now = timezone.now()
    made = 0
    for start in range(0, len(company_ids), 1000):
        batch = company_ids[start : start + 1000]
        rows = []
        for index, company_id in enumerate(batch):
            template, data = templates[(start + index) % len(templates)]
            when = now - timedelta(days=(start + index) * 7 % 730)
            inputs = data.to_finance()
            rows.append(
                (
                    Evaluation(
                        company_id=company_id,
                        title=template.title_de,
                        template=template,
                        created_at=when,
                        updated_at=when,
                        version_count=1,
                        investment_total=inputs.investment_total,
                        npv=finance.npv(inputs.rate, finance.cash_flows(inputs)).quantize(
                            Decimal("0.01")
                        ),
                    ),
                    data,
                    when,
                )
            )
        evaluations = Evaluation.objects.bulk_create([row[0] for row in rows])
        versions = EvaluationVersion.objects.bulk_create(
            [_version(e, data, when) for e, (_e, data, when) in zip(evaluations, rows, strict=True)]
        )
        LineItem.objects.bulk_create(
            [
                LineItem(version=v, kind=KIND_OF[cat], category=cat, amount=amount, year=year)
                for v, (_e, data, _w) in zip(versions, rows, strict=True)
                for cat, (amount, year) in data.investments.items()
            ]
            + [
                LineItem(version=v, kind=KIND_OF[cat], category=cat, amount=amount)
                for v, (_e, data, _w) in zip(versions, rows, strict=True)
                for cat, amount in (*data.running.items(), *data.benefits.items())
            ]
        )
        made += len(evaluations)
    return made


def _version(evaluation: Evaluation, data: VersionData, when: Any) -> EvaluationVersion:
    return services.unsaved_version(
        evaluation=evaluation, data=data, number=1, when=when, actor=None
    )
