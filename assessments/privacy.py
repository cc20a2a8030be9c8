"""Assessments' part of data protection (found by privacy/registry.py).

The caller has entered the company's scope; every query also filters by the company.
"""

from __future__ import annotations

from typing import Any

from assessments.models import Answer, Assessment, AssessmentResult, Report, SecurityAnswer
from consulting.models import Company
from portal.models import User


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def export_company_data(company: Company) -> dict[str, list[dict[str, Any]]]:
    """Every assessment of the company with its result and answers."""
    results = {
        r.assessment_id: r for r in AssessmentResult.objects.filter(assessment__company=company)
    }
    assessments = []
    for assessment in (
        Assessment.objects.filter(company=company).select_related("questionnaire").order_by("pk")
    ):
        result = results.get(assessment.pk)
        assessments.append(
            {
                "id": assessment.pk,
                "status": assessment.get_status_display(),
                "questionnaire_version": assessment.questionnaire.version,
                "started_at": _iso(assessment.created_at),
                "completed_at": _iso(assessment.completed_at),
                "overall_score": result.overall_score if result else "",
                "level": result.level if result else "",
                "dimensions": [
                    {"key": d["key"], "score": d["score"], "level": d["level"]}
                    for d in (result.dimensions if result else [])
                ],
                "security_met": result.security_met if result else "",
                "security_not_met": result.security_not_met if result else "",
                "security_not_relevant": result.security_not_relevant if result else "",
                "red_flags": [flag["key"] for flag in (result.red_flags if result else [])],
            }
        )
    answers = [
        {
            "assessment_id": a.assessment_id,
            "question": a.question.key,
            "question_text": a.question.text,
            "answer": a.option.text,
            "level": a.option.level,
            "updated_at": _iso(a.updated_at),
        }
        for a in Answer.objects.filter(assessment__company=company)
        .select_related("question", "option")
        .order_by("assessment_id", "pk")
    ]
    security = [
        {
            "assessment_id": a.assessment_id,
            "requirement": a.requirement.key,
            "status": a.get_status_display(),
            "updated_at": _iso(a.updated_at),
        }
        for a in SecurityAnswer.objects.filter(assessment__company=company)
        .select_related("requirement")
        .order_by("assessment_id", "pk")
    ]
    return {
        "assessments": assessments,
        "assessment_answers": answers,
        "assessment_security_answers": security,
    }


def erase_company_data(company: Company, *, actor: User) -> dict[str, int]:
    """Results stay (they are anonymous once the company is); the PDF reports name the company,
    so their files and rows go. A new report can be requested from the result at any time."""
    reports = list(Report.objects.filter(assessment__company=company))
    for report in reports:
        if report.file:
            report.file.delete(save=False)
    Report.objects.filter(pk__in=[r.pk for r in reports]).delete()
    return {"reports": len(reports)}
