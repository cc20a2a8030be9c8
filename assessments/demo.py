"""Demo readiness checks: results over time for the demo SMEs, and enough other companies' results
for benchmarks in two sectors (manufacturing C and construction F). Idempotent: a company that
already has a completed assessment is left alone.

Reports: the latest result of sme1 and sme2 gets a ready PDF in German, rendered here in the seed
(no e-mail: they are marked as notified); the rest have none, so the worker is not needed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from assessments.content import VERSION_1
from assessments.loading import publish_questionnaire
from assessments.models import (
    AnswerOption,
    Assessment,
    AssessmentResult,
    Question,
    Report,
    ResultDimension,
    SecurityRequirement,
)
from assessments.services import complete_assessment, render_report, save_answers, start_assessment
from consulting.models import Company, CompanyMember
from portal.demo import demo_user
from portal.models import PartnerInstitution, User

DEMO_SMES = [f"sme{n}@example.com" for n in range(1, 7)]
# Construction companies for the second benchmark sector: (name, city, postcode, district, staff)
CONSTRUCTION = [
    ("Hochbau Rennsteig GmbH", "Suhl", "98527", "16054", 45),
    ("Ilmtal Bau GmbH & Co. KG", "Ilmenau", "98693", "16070", 80),
    ("Saale-Holzbau Jena GmbH", "Jena", "07745", "16053", 18),
    ("Tiefbau Werra GmbH", "Bad Salzungen", "36433", "16063", 120),
    ("Dachdeckerei Thüringer Wald e. K.", "Schmalkalden", "98574", "16066", 9),
    ("Gebäudetechnik Gera GmbH", "Gera", "07545", "16052", 60),
]
REPORTED = {"sme1@example.com", "sme2@example.com"}


def _member_for(company: Company, index: int) -> User:
    member = CompanyMember.objects.filter(company=company).select_related("user").first()
    if member is not None:
        return member.user
    user, _created = demo_user(f"readiness{index}@demo.example", "Demo", f"Nutzer {index}")
    CompanyMember.objects.create(user=user, company=company)
    return user


def _answer_all(rng: random.Random, actor: User, assessment: Assessment, base: int) -> None:
    questionnaire = assessment.questionnaire
    answers = {}
    for question in Question.objects.filter(field__dimension__questionnaire=questionnaire):
        level = max(0, min(5, base + rng.choice([-1, 0, 0, 1])))
        answers[question.pk] = AnswerOption.objects.get(question=question, level=level).pk
    security = {
        r.pk: rng.choices(["met", "not_met", "not_relevant"], [6 + base, 3, 1])[0]
        for r in SecurityRequirement.objects.filter(area__questionnaire=questionnaire)
    }
    save_answers(actor=actor, assessment=assessment, answers=answers, security=security)


def _complete(
    rng: random.Random, actor: User, company: Company, base: int, when: datetime
) -> Assessment:
    assessment = start_assessment(actor=actor, company=company)
    _answer_all(rng, actor, assessment, base)
    complete_assessment(actor=actor, assessment=assessment)
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=when - timedelta(days=3), completed_at=when
    )
    AssessmentResult.objects.filter(assessment=assessment).update(created_at=when)
    return Assessment.objects.get(pk=assessment.pk)


def seed(**options: Any) -> dict[str, int]:
    publish_questionnaire(VERSION_1)
    rng = random.Random(4444)  # noqa: S311 - the same demo every time, not security
    created = {"assessments": 0, "companies": 0, "reports": 0}
    now = timezone.now()
    companies: list[Company] = []
    for email in DEMO_SMES:
        member = CompanyMember.objects.filter(user__email=email).select_related("company").first()
        if member is not None:
            companies.append(member.company)
    companies += list(
        Company.objects.filter(sector_section="C")
        .exclude(pk__in=[c.pk for c in companies])
        .exclude(name__startswith=BULK_PREFIX)[:8]
    )
    partners = list(PartnerInstitution.objects.order_by("pk"))
    for index, (name, city, postcode, district, staff) in enumerate(CONSTRUCTION):
        company, was_created = Company.objects.get_or_create(
            name=name,
            defaults={
                "city": city,
                "postcode": postcode,
                "district": district,
                "sector_section": "F",
                "employees": staff,
                "lead_partner": partners[index % len(partners)] if partners else None,
            },
        )
        created["companies"] += was_created
        companies.append(company)
    to_report: list[tuple[Assessment, User]] = []
    for index, company in enumerate(companies, start=1):
        if Assessment.objects.filter(company=company).exists():
            continue
        actor = _member_for(company, index)
        base = rng.randint(1, 3)
        rounds = 2 if index <= 6 else 1  # the demo SMEs show a change over time
        latest = None
        for round_ in range(rounds):
            when = now - timedelta(days=400 * (rounds - round_ - 1) + rng.randint(5, 60))
            latest = _complete(rng, actor, company, base + round_, when)
            created["assessments"] += 1
        if getattr(actor, "email", "") in REPORTED and latest is not None:
            to_report.append((latest, actor))
    # After every company's result exists, so the reports show the benchmarks.
    for assessment, actor in to_report:
        report = Report.objects.create(
            assessment=assessment,
            language="de",
            requested_by=actor,
            requested_at=now,
            notified_at=now,  # seeded: no e-mail
        )
        render_report(report_id=report.pk)
        created["reports"] += 1
    scale = int(options.get("scale") or 0)
    if scale:
        created["assessments"] += _seed_bulk(rng, now)
    return created


BULK_PREFIX = "Benchmark-Firma"  # the benchmark companies consulting's demo adds with --scale


def _seed_bulk(rng: random.Random, now: datetime) -> int:
    """One completed assessment per benchmark company without one, in bulk: the result is a
    copy of a real demo result with the scores varied (answers are not stored). It is the
    company's only result, hence its latest, with its dimension rows written in bulk too."""
    template = AssessmentResult.objects.select_related("assessment").order_by("pk").first()
    if template is None:
        return 0
    company_ids = list(
        Company.objects.filter(name__startswith=BULK_PREFIX, assessments__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    made = 0
    for start in range(0, len(company_ids), 1000):
        batch = company_ids[start : start + 1000]
        moments = [now - timedelta(days=rng.randint(1, 730)) for _ in batch]
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    company_id=company_id,
                    questionnaire_id=template.assessment.questionnaire_id,
                    status=Assessment.Status.COMPLETED,
                    created_at=when - timedelta(days=2),
                    completed_at=when,
                )
                for company_id, when in zip(batch, moments, strict=True)
            ],
            batch_size=1000,
        )
        results = AssessmentResult.objects.bulk_create(
            [
                _varied_result(rng, template, assessment, when)
                for assessment, when in zip(assessments, moments, strict=True)
            ],
            batch_size=1000,
        )
        ResultDimension.objects.bulk_create(
            [row for result in results for row in result.dimension_rows()], batch_size=2000
        )
        made += len(assessments)
    return made


def _varied_result(
    rng: random.Random, template: AssessmentResult, assessment: Assessment, completed: datetime
) -> AssessmentResult:
    shift = rng.uniform(-1.5, 1.5)
    dimensions = []
    for dimension in template.dimensions:
        score = round(
            min(5.0, max(0.0, float(dimension["score"]) + shift + rng.uniform(-0.5, 0.5))), 2
        )
        dimensions.append({**dimension, "score": score, "level": int(score)})
    weights = [float(d.get("weight", 1) or 1) for d in dimensions]
    overall = sum(d["score"] * w for d, w in zip(dimensions, weights, strict=True)) / sum(weights)
    return AssessmentResult(
        assessment=assessment,
        overall_score=Decimal(f"{overall:.2f}"),
        level=int(overall),
        dimensions=dimensions,
        security_met=template.security_met,
        security_not_met=template.security_not_met,
        security_not_relevant=template.security_not_relevant,
        red_flags=[],
        sector_section="C",
        size_class="",
        created_at=completed,
        is_latest=True,  # the company's only result
    )
