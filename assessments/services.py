"""Business actions of the readiness check, one function each (design §2, style §2 and §5)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments import errors, scoring
from assessments.models import (
    Answer,
    AnswerOption,
    Assessment,
    AssessmentResult,
    Field,
    Question,
    Questionnaire,
    Report,
    ResultDimension,
    SecurityAnswer,
    SecurityRequirement,
)
from consulting.models import Company, CompanyMember
from portal import audit
from portal.documents import DocumentJob, render_document
from portal.mail import absolute_url
from portal.models import User
from portal.tenancy import unscoped


def _ensure_member(actor: User, company_id: int) -> None:
    if (
        not CompanyMember.objects.visible_to(actor)
        .filter(user_id=actor.pk, company_id=company_id)
        .exists()
    ):
        raise errors.NotYourCompany


def start_assessment(*, actor: User, company: Company) -> Assessment:
    """Return the company's open assessment, or start one on the published questionnaire.

    One draft per company (a conditional unique constraint), so colleagues work on the same one.
    A draft left on an archived version is discarded, as its answers cannot be scored any more.
    """
    _ensure_member(actor, company.pk)
    with transaction.atomic():
        Company.objects.select_for_update().filter(pk=company.pk).first()  # serialise starts
        draft = (
            Assessment.objects.filter(company=company, status=Assessment.Status.DRAFT)
            .select_related("questionnaire")
            .first()
        )
        if draft is not None:
            if draft.questionnaire.status == Questionnaire.Status.PUBLISHED:
                return draft
            audit.record(actor=actor, action="assessments.assessment.discarded", target=draft)
            draft.delete()
        questionnaire = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).first()
        if questionnaire is None:
            raise errors.NoQuestionnaire
        assessment = Assessment(
            company=company,
            questionnaire=questionnaire,
            started_by=actor,
            created_at=timezone.now(),
        )
        assessment.full_clean()
        assessment.save()
        audit.record(actor=actor, action="assessments.assessment.started", target=assessment)
    return assessment


def _lock_draft(assessment: Assessment) -> Assessment:
    locked = (
        Assessment.objects.select_for_update()
        .select_related("questionnaire", "company")
        .get(pk=assessment.pk)
    )
    if locked.status != Assessment.Status.DRAFT:
        raise errors.AlreadyCompleted
    if locked.questionnaire.status != Questionnaire.Status.PUBLISHED:
        raise errors.ArchivedVersion
    return locked


def save_answers(
    *,
    actor: User,
    assessment: Assessment,
    answers: dict[int, int] | None = None,
    security: dict[int, str] | None = None,
) -> int:
    """Save answers (question id -> option id, requirement id -> status); all or nothing.

    Returns how many answers were saved. Anything that does not belong to the assessment's
    questionnaire version refuses the whole batch.
    """
    answers = answers or {}
    security = security or {}
    _ensure_member(actor, assessment.company_id)
    with transaction.atomic():
        assessment = _lock_draft(assessment)
        questions = Question.objects.filter(
            pk__in=answers.keys(), field__dimension__questionnaire=assessment.questionnaire
        ).values_list("pk", flat=True)
        options = dict(
            AnswerOption.objects.filter(pk__in=answers.values()).values_list("pk", "question_id")
        )
        if set(questions) != set(answers) or any(
            options.get(option_id) != question_id for question_id, option_id in answers.items()
        ):
            raise errors.InvalidAnswer
        requirements = SecurityRequirement.objects.filter(
            pk__in=security.keys(), area__questionnaire=assessment.questionnaire
        ).values_list("pk", flat=True)
        if set(requirements) != set(security) or any(
            status not in SecurityAnswer.Status.values for status in security.values()
        ):
            raise errors.InvalidAnswer
        for question_id, option_id in answers.items():
            Answer.objects.update_or_create(
                assessment=assessment,
                question_id=question_id,
                defaults={"option_id": option_id, "answered_by": actor},
            )
        for requirement_id, status in security.items():
            SecurityAnswer.objects.update_or_create(
                assessment=assessment,
                requirement_id=requirement_id,
                defaults={"status": status, "answered_by": actor},
            )
        if answers or security:
            audit.record(
                actor=actor,
                action="assessments.answers.saved",
                target=assessment,
                data={"answers": len(answers), "security": len(security)},
            )
    return len(answers) + len(security)


def _scoring_specs(questionnaire: Questionnaire) -> list[scoring.DimensionSpec]:
    specs = []
    for dimension in questionnaire.dimensions.prefetch_related("fields__questions"):
        fields = tuple(
            scoring.FieldSpec(
                str(field.pk),
                float(field.weight),
                tuple(str(q.pk) for q in field.questions.all()),
            )
            for field in dimension.fields.all()
        )
        specs.append(scoring.DimensionSpec(str(dimension.pk), float(dimension.weight), fields))
    return specs


def _unflag_latest(company_id: int) -> None:
    """The company's current latest result (and its dimension rows) stops being the latest."""
    ResultDimension.objects.filter(
        result__assessment__company_id=company_id, is_latest=True
    ).update(is_latest=False)
    AssessmentResult.objects.filter(assessment__company_id=company_id, is_latest=True).update(
        is_latest=False
    )


def restore_latest_result(*, company_id: int) -> AssessmentResult | None:
    """After a result was deleted (the admin, a cascade): the company's newest remaining result
    is its latest again, with its dimension rows, so benchmarks keep counting the company."""
    reason = "a deleted result: the company's newest remaining one becomes the latest"
    with unscoped(reason), transaction.atomic():
        Company.objects.select_for_update().filter(pk=company_id).first()
        newest = (
            AssessmentResult.objects.filter(assessment__company_id=company_id)
            .order_by("-created_at", "-pk")
            .first()
        )
        if newest is None or newest.is_latest:
            return newest
        _unflag_latest(company_id)
        AssessmentResult.objects.filter(pk=newest.pk).update(is_latest=True)
        ResultDimension.objects.filter(result=newest).update(is_latest=True)
        newest.is_latest = True
    return newest


def complete_assessment(*, actor: User, assessment: Assessment) -> AssessmentResult:
    """Score every answer and freeze the result; refuses while a question is unanswered.

    The new result becomes the company's latest (`is_latest`, on the result and its dimension
    rows) and the previous one stops being it, so each company counts once in the benchmarks.
    Exactly one result per company stays flagged: a company has one draft at a time, and
    _lock_draft's FOR UPDATE also locks the joined company row, so completions of one company
    run one after the other (in the lock order save_answers uses too).
    """
    _ensure_member(actor, assessment.company_id)
    with transaction.atomic():
        assessment = _lock_draft(assessment)
        questionnaire = assessment.questionnaire
        levels = {
            str(question_id): level
            for question_id, level in Answer.objects.filter(assessment=assessment).values_list(
                "question_id", "option__level"
            )
        }
        question_count = Question.objects.filter(
            field__dimension__questionnaire=questionnaire
        ).count()
        requirements = list(SecurityRequirement.objects.filter(area__questionnaire=questionnaire))
        security = dict(
            SecurityAnswer.objects.filter(assessment=assessment).values_list(
                "requirement_id", "status"
            )
        )
        if len(levels) != question_count or len(security) != len(requirements):
            raise errors.Incomplete
        scores = scoring.score(_scoring_specs(questionnaire), levels)
        by_key = {str(r.pk): r for r in requirements}
        status = scoring.security_status(
            {str(k): v for k, v in security.items()}, {k for k, r in by_key.items() if r.critical}
        )
        dimensions = {str(d.pk): d for d in questionnaire.dimensions.all()}
        fields = {
            str(f.pk): f for f in Field.objects.filter(dimension__questionnaire=questionnaire)
        }
        frozen = []
        for dim_score in scores.dimensions:
            dimension = dimensions[dim_score.key]
            gate = fields[dim_score.gate.key]
            frozen.append(
                {
                    "key": dimension.key,
                    "name_de": dimension.name_de,
                    "name_en": dimension.name_en,
                    "advice_de": dimension.advice_de,
                    "advice_en": dimension.advice_en,
                    "topics": dimension.topic_slugs,
                    "weight": float(dimension.weight),
                    "score": round(dim_score.score, 2),
                    "level": dim_score.level,
                    "gate_de": gate.name_de,
                    "gate_en": gate.name_en,
                    "gate_score": round(dim_score.gate.score, 2),
                    "fields": [
                        {
                            "name_de": fields[f.key].name_de,
                            "name_en": fields[f.key].name_en,
                            "weight": f.weight,
                            "score": round(f.score, 2),
                        }
                        for f in dim_score.fields
                    ],
                }
            )
        now = timezone.now()
        company = assessment.company
        result = AssessmentResult(
            assessment=assessment,
            overall_score=Decimal(f"{scores.overall:.2f}"),
            level=scores.level,
            dimensions=frozen,
            security_met=status.met,
            security_not_met=status.not_met,
            security_not_relevant=status.not_relevant,
            red_flags=[
                {"key": by_key[k].key, "text_de": by_key[k].text_de, "text_en": by_key[k].text_en}
                for k in status.red_flags
            ],
            sector_section=company.sector_section,
            size_class=company.size_class or "",
            created_at=now,
            is_latest=True,
        )
        result.full_clean()
        _unflag_latest(company.pk)
        result.save()
        ResultDimension.objects.bulk_create(result.dimension_rows())
        assessment.status = Assessment.Status.COMPLETED
        assessment.completed_by = actor
        assessment.completed_at = now
        assessment.full_clean()
        assessment.save(update_fields=["status", "completed_by", "completed_at"])
        audit.record(
            actor=actor,
            action="assessments.assessment.completed",
            target=assessment,
            data={"overall": str(result.overall_score), "level": result.level},
        )
    return result


def request_report(*, actor: User, assessment: Assessment, language: str) -> Report:
    """Ask for the PDF in `language`. The same request twice does not render twice; a failed
    report is retried. Rendering starts when the transaction commits."""
    from assessments.tasks import render_report_task

    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.status != Assessment.Status.COMPLETED:
            raise errors.NotCompleted
        report = Report.objects.filter(assessment=assessment, language=language).first()
        if report is not None and report.status != Report.Status.FAILED:
            return report
        if report is None:
            report = Report(assessment=assessment, language=language)
        report.queue_again(actor)
        audit.record(actor=actor, action="assessments.report.requested", target=report)
        render_report_task.delay_on_commit(report_id=report.pk)
    return report


def render_report(*, report_id: int) -> Report:
    """Render a requested report: claim it, render outside any transaction, store, mail once."""
    from assessments.pdf import render_report_pdf

    def filename(report: Report) -> str:
        company_id = report.assessment.company_id
        return f"readiness-{company_id}-{report.assessment_id}-{report.language}.pdf"

    def ready_mail(report: Report) -> tuple[str, dict]:
        context = {
            "company": report.assessment.company.name,
            "url": absolute_url(report.assessment.get_absolute_url()),
        }
        return "assessments/email/report_ready", context

    job = DocumentJob(
        model=Report,
        render=render_report_pdf,
        filename=filename,
        audit_action="assessments.report",
        ready_mail=ready_mail,
        select_related=("assessment__company",),
    )
    return render_document(job, report_id)
