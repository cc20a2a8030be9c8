"""Helpers that build assessments through the services, in the acting user's scope."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from assessments import services
from assessments.models import (
    AnswerOption,
    Assessment,
    AssessmentResult,
    Question,
    Questionnaire,
    SecurityRequirement,
)
from consulting.models import Company
from consulting.selectors import company_id_for_user
from portal import tenancy
from portal.models import User
from tests.factories import CompanyFactory, CompanyMemberFactory


def scope_of(user: User) -> AbstractContextManager:
    """The scope the middleware would give `user` (first partner, company, or public)."""
    memberships = user.partner_memberships()
    if memberships:
        return tenancy.partner_scope(memberships[0].partner_id)
    return tenancy.company_scope(company_id_for_user(user))


def sme_user(company: Company | None = None, **company_kwargs: Any) -> User:
    company = company or CompanyFactory(**company_kwargs)
    return CompanyMemberFactory(company=company).user


def published() -> Questionnaire:
    with tenancy.unscoped("test helper"):
        return Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)


def all_answers(
    questionnaire: Questionnaire, level: int | dict[str, int], security: str = "met"
) -> tuple[dict[int, int], dict[int, str]]:
    """Option ids at `level` (or per dimension key), and one status for every requirement."""
    with tenancy.unscoped("test helper: read the public questionnaire"):
        answers = {}
        for question in Question.objects.filter(
            field__dimension__questionnaire=questionnaire
        ).select_related("field__dimension"):
            wanted = level if isinstance(level, int) else level[question.field.dimension.key]
            answers[question.pk] = AnswerOption.objects.get(question=question, level=wanted).pk
        requirements = {
            r.pk: security
            for r in SecurityRequirement.objects.filter(area__questionnaire=questionnaire)
        }
    return answers, requirements


def completed(
    user: User, level: int | dict[str, int] = 2, security: str = "met"
) -> tuple[Assessment, AssessmentResult]:
    with scope_of(user):
        company = Company.objects.visible_to(user).get(members__user=user)
        assessment = services.start_assessment(actor=user, company=company)
        answers, requirements = all_answers(assessment.questionnaire, level, security)
        services.save_answers(
            actor=user, assessment=assessment, answers=answers, security=requirements
        )
        result = services.complete_assessment(actor=user, assessment=assessment)
        return Assessment.objects.get(pk=assessment.pk), result
