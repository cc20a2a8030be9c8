"""Reads of the readiness check, always given the viewer (design §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, CharField, Count, Prefetch, QuerySet, Value
from django.http import Http404
from django.utils.translation import get_language

from assessments import charts
from assessments.levels import level_name
from assessments.models import (
    Answer,
    Assessment,
    AssessmentResult,
    Dimension,
    Question,
    Questionnaire,
    Report,
    ResultDimension,
    SecurityAnswer,
    SecurityArea,
)
from assessments.scoring import MAX_LEVEL
from consulting.models import Company
from portal.access import one_or_404
from portal.models import PartnerInstitution, Topic, User
from portal.tenancy import unscoped

BENCHMARK_MINIMUM = 5
WEAK_SCORE = 3.0  # below "experienced": worth advice
MAX_RECOMMENDATIONS = 3


def _en() -> bool:
    return (get_language() or "de")[:2] == "en"


def _pick(row: dict[str, Any], stem: str) -> str:
    return row.get(f"{stem}_en" if _en() else f"{stem}_de") or row.get(f"{stem}_de", "")


# --- lists ---------------------------------------------------------------------------------------


def assessments_for(*, viewer: User) -> QuerySet:
    """Assessments the viewer may see, newest first, with their company and result."""
    return (
        Assessment.objects.visible_to(viewer)
        .select_related("company", "result", "questionnaire")
        .order_by("-created_at", "-pk")
    )


def assessment_for(*, viewer: User, pk: int) -> Assessment:
    """One assessment the viewer may see; 404 otherwise."""
    return one_or_404(assessments_for(viewer=viewer), pk=pk)


def completed_for_company(*, viewer: User, company_id: int) -> list[Assessment]:
    return list(
        assessments_for(viewer=viewer)
        .filter(company_id=company_id, status=Assessment.Status.COMPLETED)
        .order_by("completed_at", "pk")
    )


def draft_for_company(*, viewer: User, company_id: int) -> Assessment | None:
    return (
        assessments_for(viewer=viewer)
        .filter(company_id=company_id, status=Assessment.Status.DRAFT)
        .first()
    )


def recent_completed(*, viewer: User, limit: int = 5) -> list[Assessment]:
    return list(
        assessments_for(viewer=viewer)
        .filter(status=Assessment.Status.COMPLETED)
        .order_by("-completed_at", "-pk")[:limit]
    )


# --- answering -----------------------------------------------------------------------------------


@dataclass
class Step:
    number: int
    title: str
    dimension: Dimension | None = None  # None: the IT-security step
    questions: list[Question] = field(default_factory=list)
    areas: list[SecurityArea] = field(default_factory=list)
    answered: int = 0
    total: int = 0


def steps_of(*, viewer: User, assessment: Assessment) -> list[Step]:
    """The dimensions one by one, then the IT-security module, with what is answered already."""
    from django.utils.translation import gettext as _

    questionnaire = assessment.questionnaire
    chosen = dict(
        Answer.objects.visible_to(viewer)
        .filter(assessment=assessment)
        .values_list("question_id", "option_id")
    )
    security = dict(
        SecurityAnswer.objects.visible_to(viewer)
        .filter(assessment=assessment)
        .values_list("requirement_id", "status")
    )
    steps = []
    dimensions = questionnaire.dimensions.prefetch_related(
        Prefetch("fields__questions", queryset=Question.objects.prefetch_related("options"))
    )
    for number, dimension in enumerate(dimensions, start=1):
        questions = [q for f in dimension.fields.all() for q in f.questions.all()]
        for question in questions:
            question.chosen_option_id = chosen.get(question.pk)
        steps.append(
            Step(
                number,
                dimension.name,
                dimension=dimension,
                questions=questions,
                answered=sum(1 for q in questions if q.pk in chosen),
                total=len(questions),
            )
        )
    areas = list(questionnaire.security_areas.prefetch_related("requirements"))
    total = 0
    for area in areas:
        for requirement in area.requirements.all():
            requirement.chosen_status = security.get(requirement.pk, "")
            total += 1
    steps.append(
        Step(
            len(steps) + 1,
            _("IT security"),
            areas=areas,
            answered=len(security),
            total=total,
        )
    )
    return steps


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionView:
    key: str
    name: str
    score: float
    level: int
    level_name: str
    gate: str
    gate_score: float
    next_level: int | None
    advice: str
    topics: list[str]
    fields: list[dict[str, Any]]


def dimension_views(result: AssessmentResult) -> list[DimensionView]:
    views = []
    for row in result.dimensions:
        level = int(row["level"])
        views.append(
            DimensionView(
                key=row["key"],
                name=_pick(row, "name"),
                score=float(row["score"]),
                level=level,
                level_name=level_name(level),
                gate=_pick(row, "gate"),
                gate_score=float(row["gate_score"]),
                next_level=level + 1 if level < 5 else None,
                advice=_pick(row, "advice"),
                topics=list(row.get("topics", [])),
                fields=[{**f, "name": _pick(f, "name")} for f in row["fields"]],
            )
        )
    return views


@dataclass(frozen=True)
class Benchmark:
    label: str
    count: int
    overall: float | None  # None: fewer than BENCHMARK_MINIMUM results
    dimensions: dict[str, float]


def _benchmark(label: str, **group: str) -> Benchmark:
    """Anonymous means over the latest result of each company in a group (sector or size class).

    Reads across tenants on purpose and returns only aggregates of at least BENCHMARK_MINIMUM
    companies (design §3), never a row. One statement, no JSON: the overall mean over the
    results flagged as their company's latest, and each dimension's mean over their stored
    dimension scores (complete_assessment keeps the flags; partial indexes cover the flagged
    rows of a group). The first part always gives one row, also for an empty group.
    """
    with unscoped("benchmark: anonymous means over groups of at least five companies"):
        overall = (
            AssessmentResult.objects.filter(is_latest=True, **group)
            .values(key=Value(None, output_field=CharField()))
            .annotate(companies=Count("pk"), mean=Avg("overall_score"))
            .order_by()
        )
        by_dimension = (
            ResultDimension.objects.filter(is_latest=True, **group)
            .values("key")
            .annotate(companies=Count("pk"), mean=Avg("score"))
            .order_by()
        )
        rows = list(overall.union(by_dimension, all=True))
    count = next(row["companies"] for row in rows if row["key"] is None)
    if count < BENCHMARK_MINIMUM:
        return Benchmark(label, count, None, {})
    means = {row["key"]: round(float(row["mean"]), 2) for row in rows}
    return Benchmark(label, count, means.pop(None), means)


def benchmarks_for(result: AssessmentResult) -> list[Benchmark]:
    from django.utils.translation import gettext as _

    from consulting.reference import SECTION_CHOICES

    sections = dict(SECTION_CHOICES)
    found = [
        _benchmark(
            _("Same sector: %(sector)s")
            % {"sector": sections.get(result.sector_section, result.sector_section)},
            sector_section=result.sector_section,
        )
    ]
    if result.size_class:
        from consulting.size_class import SizeClass

        found.append(
            _benchmark(
                _("Same size class: %(size)s") % {"size": SizeClass(result.size_class).label},
                size_class=result.size_class,
            )
        )
    return found


@dataclass(frozen=True)
class Recommendation:
    dimension: DimensionView
    topics: list[Topic]
    events: list[Any]
    partners: list[PartnerInstitution]
    booking_url: str


def recommendations_for(*, viewer: User, result: AssessmentResult) -> list[Recommendation]:
    """Advice for the weakest dimensions below WEAK_SCORE (or else the weakest one below the
    top level), with upcoming workshops, partners of a matching competence and a booking link."""
    from events.selectors import upcoming_events_for_topics

    ranked = sorted(dimension_views(result), key=lambda d: (d.score, d.name))
    weak = [d for d in ranked if d.score < WEAK_SCORE][:MAX_RECOMMENDATIONS]
    if not weak:  # a strong result still gets one next step: its weakest dimension
        weak = [d for d in ranked[:1] if d.score < MAX_LEVEL]
    slugs = {slug for d in weak for slug in d.topics}
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=slugs, is_active=True)}
    found = []
    for dimension in weak:
        own = [topics[s] for s in dimension.topics if s in topics]
        ids = [t.pk for t in own]
        partners = list(PartnerInstitution.objects.active().filter(competences__in=ids).distinct())
        found.append(
            Recommendation(
                dimension=dimension,
                topics=own,
                events=upcoming_events_for_topics(viewer=viewer, topic_ids=ids, limit=3),
                partners=partners,
                booking_url="/consulting/book/?topics=" + ",".join(t.slug for t in own),
            )
        )
    return found


@dataclass(frozen=True)
class ResultView:
    assessment: Assessment
    result: AssessmentResult
    level_name: str
    dimensions: list[DimensionView]  # weakest first
    radar: charts.Radar
    red_flags: list[str]
    security_share: int | None  # percent of relevant requirements met


def result_view(assessment: Assessment) -> ResultView:
    result = assessment.result
    dims = dimension_views(result)
    radar = charts.radar([d.name for d in dims], [d.score for d in dims])
    relevant = result.security_met + result.security_not_met
    return ResultView(
        assessment=assessment,
        result=result,
        level_name=level_name(result.level),
        dimensions=sorted(dims, key=lambda d: (d.score, d.name)),
        radar=radar,
        red_flags=[_pick(flag, "text") for flag in result.red_flags],
        security_share=round(100 * result.security_met / relevant) if relevant else None,
    )


@dataclass(frozen=True)
class Change:
    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def compare(before: AssessmentResult, after: AssessmentResult) -> list[Change]:
    """Per dimension (by key, so it works across questionnaire versions) and overall."""
    from django.utils.translation import gettext as _

    old = {d.key: d for d in dimension_views(before)}
    changes = [
        Change(d.name, old[d.key].score if d.key in old else None, d.score)
        for d in dimension_views(after)
    ]
    changes.append(Change(_("Overall"), float(before.overall_score), float(after.overall_score)))
    return changes


def reports_of(*, viewer: User, assessment: Assessment) -> list[Report]:
    return list(Report.objects.visible_to(viewer).filter(assessment=assessment))


def report_for(*, viewer: User, pk: int) -> Report:
    """One report the viewer may see; 404 otherwise."""
    reports = Report.objects.visible_to(viewer).select_related("assessment__company")
    return one_or_404(reports, pk=pk)


def published_questionnaire() -> Questionnaire | None:
    return Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).first()


def company_for_sme(*, viewer: User) -> Company:
    """The SME user's own company; 404 for a user without one."""
    from consulting.selectors import company_of

    company = company_of(viewer)
    if company is None:
        raise Http404
    return company
