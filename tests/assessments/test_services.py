"""The business rules of the readiness check, through the services."""

from __future__ import annotations

import copy

import pytest
from django.core import mail

from assessments import errors, services
from assessments.content import VERSION_1
from assessments.loading import publish_questionnaire
from assessments.models import (
    Answer,
    AnswerOption,
    Assessment,
    AssessmentResult,
    Question,
    Questionnaire,
    Report,
    SecurityAnswer,
)
from consulting.models import Company
from portal.documents import STALE_RENDER_AFTER
from portal.models import AuditEntry
from portal.tenancy import unscoped
from tests.assessments.factories import all_answers, completed, published, scope_of, sme_user
from tests.factories import CompanyMemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _company(user):
    return Company.objects.visible_to(user).get(members__user=user)


def test_start_returns_the_same_draft_to_colleagues():
    user = sme_user()
    with scope_of(user):
        first = services.start_assessment(actor=user, company=_company(user))
    colleague = CompanyMemberFactory(company=first.company).user
    with scope_of(colleague):
        again = services.start_assessment(actor=colleague, company=_company(colleague))
    assert again.pk == first.pk
    assert first.questionnaire == published()


def test_only_the_companys_users_may_start():
    user = sme_user()
    consultant = MembershipFactory(partner=_company_unscoped(user).lead_partner).user
    with scope_of(consultant), pytest.raises(errors.NotYourCompany):
        services.start_assessment(actor=consultant, company=_company_unscoped(user))


def _company_unscoped(user):
    with unscoped("test"):
        return Company.objects.get(members__user=user)


def test_an_option_of_another_question_saves_nothing():
    user = sme_user()
    with scope_of(user):
        assessment = services.start_assessment(actor=user, company=_company(user))
        with unscoped("test: pick two questions"):
            q1, q2 = Question.objects.filter(
                field__dimension__questionnaire=assessment.questionnaire
            )[:2]
            good = AnswerOption.objects.get(question=q1, level=3)
            foreign = AnswerOption.objects.get(question=q1, level=2)
        with pytest.raises(errors.InvalidAnswer):
            services.save_answers(
                actor=user, assessment=assessment, answers={q1.pk: good.pk, q2.pk: foreign.pk}
            )
        assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_bad_security_status_saves_nothing():
    user = sme_user()
    with scope_of(user):
        assessment = services.start_assessment(actor=user, company=_company(user))
        _answers, requirements = all_answers(assessment.questionnaire, 1)
        requirements[next(iter(requirements))] = "maybe"
        with pytest.raises(errors.InvalidAnswer):
            services.save_answers(actor=user, assessment=assessment, security=requirements)
        assert not SecurityAnswer.objects.filter(assessment=assessment).exists()


def test_answers_are_saved_and_can_be_changed():
    user = sme_user()
    with scope_of(user):
        assessment = services.start_assessment(actor=user, company=_company(user))
        answers, _req = all_answers(assessment.questionnaire, 1)
        question_id = next(iter(answers))
        services.save_answers(
            actor=user, assessment=assessment, answers={question_id: answers[question_id]}
        )
        higher, _req = all_answers(assessment.questionnaire, 4)
        services.save_answers(
            actor=user, assessment=assessment, answers={question_id: higher[question_id]}
        )
        assert Answer.objects.get(assessment=assessment).option.level == 4


def test_completing_with_unanswered_questions_is_refused_and_changes_nothing():
    user = sme_user()
    with scope_of(user):
        assessment = services.start_assessment(actor=user, company=_company(user))
        answers, requirements = all_answers(assessment.questionnaire, 2)
        answers.pop(next(iter(answers)))
        services.save_answers(
            actor=user, assessment=assessment, answers=answers, security=requirements
        )
        with pytest.raises(errors.Incomplete):
            services.complete_assessment(actor=user, assessment=assessment)
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.DRAFT
        assert not AssessmentResult.objects.filter(assessment=assessment).exists()


def test_completion_freezes_scores_level_and_red_flags():
    user = sme_user()
    assessment, result = completed(user, level=3, security="not_met")
    assert assessment.status == Assessment.Status.COMPLETED
    assert result.overall_score == 3
    assert result.level == 3
    assert len(result.dimensions) == 6
    assert {d["gate_score"] for d in result.dimensions} == {3.0}
    assert result.red_flags  # every critical requirement is unmet
    assert result.security_not_met == 21
    with unscoped("test"):
        assert AuditEntry.objects.filter(action="assessments.assessment.completed").count() == 1
    with scope_of(user), pytest.raises(errors.AlreadyCompleted):
        services.save_answers(actor=user, assessment=assessment, answers={})


def test_a_new_version_changes_neither_old_results_nor_their_questions():
    user = sme_user()
    old, result = completed(
        user,
        level={
            "strategy": 5,
            "smart_factory": 1,
            "smart_operations": 1,
            "smart_products": 1,
            "data_services": 1,
            "employees": 1,
        },
    )
    frozen = copy.deepcopy(result.dimensions), result.overall_score
    v2 = copy.deepcopy(VERSION_1)
    v2["version"] = 2
    v2["dimensions"][0]["weight"] = 1  # strategy would count far less now
    v2["dimensions"][0]["name_en"] = "Strategy (new wording)"
    with unscoped("publish v2"):
        publish_questionnaire(v2)
        assert Questionnaire.objects.get(version=1).status == Questionnaire.Status.ARCHIVED
        result.refresh_from_db()
    assert (result.dimensions, result.overall_score) == frozen
    _new, new_result = completed(
        user,
        level={
            "strategy": 5,
            "smart_factory": 1,
            "smart_operations": 1,
            "smart_products": 1,
            "data_services": 1,
            "employees": 1,
        },
    )
    assert new_result.assessment.questionnaire.version == 2
    assert new_result.overall_score < result.overall_score
    assert old.questionnaire.version == 1


def test_answers_to_an_archived_version_are_refused():
    user = sme_user()
    with scope_of(user):
        draft = services.start_assessment(actor=user, company=_company(user))
    answers, _req = all_answers(draft.questionnaire, 2)
    v2 = copy.deepcopy(VERSION_1)
    v2["version"] = 2
    with unscoped("publish v2"):
        publish_questionnaire(v2)
    with scope_of(user):
        with pytest.raises(errors.ArchivedVersion):
            services.save_answers(actor=user, assessment=draft, answers=answers)
        assert not Answer.objects.filter(assessment=draft).exists()
        fresh = services.start_assessment(actor=user, company=_company(user))
    assert fresh.pk != draft.pk
    assert fresh.questionnaire.version == 2


def test_a_report_of_a_draft_is_refused():
    user = sme_user()
    with scope_of(user):
        draft = services.start_assessment(actor=user, company=_company(user))
        with pytest.raises(errors.NotCompleted):
            services.request_report(actor=user, assessment=draft, language="de")
        assert not Report.objects.filter(assessment=draft).exists()


def test_the_same_report_request_twice_renders_once_and_mails_once(
    django_capture_on_commit_callbacks,
):
    user = sme_user()
    assessment, _result = completed(user, level=2)
    with scope_of(user):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            first = services.request_report(actor=user, assessment=assessment, language="en")
        assert "assessments.render_report" in repr(callbacks[0])  # eager in unit tests
        with django_capture_on_commit_callbacks(execute=True) as again:
            second = services.request_report(actor=user, assessment=assessment, language="en")
        assert again == []
        assert second.pk == first.pk
        report = Report.objects.get(pk=first.pk)
    assert report.status == Report.Status.READY
    assert report.file.read().startswith(b"%PDF")
    assert report.notified_at is not None
    assert [m.to for m in mail.outbox] == [[user.email]]
    with scope_of(user):
        services.render_report(report_id=report.pk)  # a redelivered task: nothing happens
        assert Report.objects.get(pk=report.pk).finished_at == report.finished_at
    assert len(mail.outbox) == 1


def test_a_failed_render_keeps_the_error_and_can_be_retried(
    monkeypatch, django_capture_on_commit_callbacks
):
    user = sme_user()
    assessment, _result = completed(user, level=2)
    with scope_of(user):
        report = Report.objects.create(
            assessment=assessment,
            language="de",
            requested_by=user,
            requested_at=assessment.completed_at,
        )
    # A boundary failure: WeasyPrint cannot be reached (e.g. a broken system library).
    monkeypatch.setattr("weasyprint.HTML.write_pdf", _broken_write_pdf)
    with scope_of(user):
        services.render_report(report_id=report.pk)
        report.refresh_from_db()
        assert report.status == Report.Status.FAILED
        assert "pango is gone" in report.error
    monkeypatch.undo()
    with scope_of(user):
        with django_capture_on_commit_callbacks(execute=True):
            retried = services.request_report(actor=user, assessment=assessment, language="de")
        assert retried.pk == report.pk
        assert Report.objects.get(pk=report.pk).status == Report.Status.READY


def _broken_write_pdf(self, *args, **kwargs):
    raise RuntimeError("pango is gone")


def test_a_render_lost_with_its_worker_is_taken_over_later():
    from datetime import timedelta

    user = sme_user()
    assessment, _result = completed(user, level=2)
    with scope_of(user):
        report = Report.objects.create(
            assessment=assessment,
            language="de",
            requested_by=UserFactory(),
            requested_at=assessment.completed_at,
            status=Report.Status.RENDERING,
            claimed_at=assessment.completed_at,
        )
        services.render_report(report_id=report.pk)
        assert Report.objects.get(pk=report.pk).status == Report.Status.RENDERING  # still fresh
        Report.objects.filter(pk=report.pk).update(
            claimed_at=assessment.completed_at - STALE_RENDER_AFTER - timedelta(1)
        )
        services.render_report(report_id=report.pk)
        assert Report.objects.get(pk=report.pk).status == Report.Status.READY
