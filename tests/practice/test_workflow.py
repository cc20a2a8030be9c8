"""The editorial life of a case: every move allowed or refused, by whom, and what it leaves."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.errors import BusinessRuleError, PermissionRefused
from portal.tenancy import company_scope, partner_scope, unscoped
from practice import services
from practice.models import CaseApproval, CaseStatus
from practice.services import CASE_LIFECYCLE
from tests.lifecycle import check_lifecycle, reload
from tests.practice.factories import CaseFactory, approve

S = CaseStatus


def _data(**changes):
    base = {
        "title": "Rüstzeiten halbiert",
        "summary": "Ein Zulieferer rüstet schneller.",
        "company": None,
        "sector_section": "C",
        "sector_division": "25",
        "size_class": "small",
        "district": "16070",
        "topics": [],
        "technologies": ["machine_data"],
        "starting_point": "Rüsten dauerte 95 Minuten.",
        "approach": "Werkzeuge werden voreingestellt.",
        "result": "Rüsten dauert 45 Minuten.",
        "lessons": "",
        "investment_range": "10k-50k",
        "duration_months": 6,
        "figures": [{"label": "Rüstzeit", "unit": "min", "before": 95, "after": 45}],
    }
    return services.CaseData(**(base | changes))


def test_consultant_turns_a_citable_session_into_a_draft(world):
    with partner_scope(world.partner_a):
        case = services.create_case(
            actor=world.consultant_a,
            partner=world.partner_a,
            data=_data(company=world.company_a, topics=[world.sensors]),
            session=world.session,
        )
        assert case.status == S.DRAFT
        assert case.source_session == world.session
        assert case.slug == "rustzeiten-halbiert"


def test_session_without_consent_cannot_become_a_case(world):
    world.session.good_practice_consent = False
    with partner_scope(world.partner_a), pytest.raises(BusinessRuleError):
        services.create_case(
            actor=world.consultant_a,
            partner=world.partner_a,
            data=_data(company=world.company_a),
            session=world.session,
        )


def test_staff_of_another_partner_cannot_write_for_this_one(world):
    with partner_scope(world.partner_a), pytest.raises(PermissionRefused):
        services.create_case(actor=world.consultant_b, partner=world.partner_a, data=_data())


def test_whole_workflow_through_to_publication_and_withdrawal(
    world, django_capture_on_commit_callbacks
):
    case = CaseFactory(company=world.company_a)
    with partner_scope(world.partner_a), django_capture_on_commit_callbacks(execute=True):
        services.submit_case(actor=world.consultant_a, case=case)
        # only the partner's admins review
        with pytest.raises(PermissionRefused):
            services.send_for_approval(
                actor=world.consultant_a, case=case, contact_name="K", contact_email="k@x.org"
            )
        services.send_for_approval(
            actor=world.admin_a,
            case=case,
            contact_name="Katrin Vogt",
            contact_email="chefin@example.org",
        )
    assert reload(case).status == S.AWAITING_COMPANY
    assert len(mail.outbox) == 1
    assert "/practice/approve/" in mail.outbox[0].body
    with company_scope(world.company_a.pk):
        case = reload(case)
        services.decide_approval(
            case=case,
            approve=True,
            text_hash=case.text_hash,
            approver_name="Katrin Vogt",
            approver=world.sme_a,
            may_name_company=True,
        )
    case = reload(case)
    assert case.status == S.APPROVED
    assert case.company_named
    assert case.company_name == "Alpha Fräserei GmbH"
    with unscoped("test"):
        approval = CaseApproval.objects.get(case=case)
    assert approval.text_hash == case.text_hash
    assert approval.text_version == case.text_version
    assert approval.approver == world.sme_a
    assert approval.via == CaseApproval.Via.ACCOUNT
    with partner_scope(world.partner_a):
        services.publish_case(actor=world.admin_a, case=case)
        assert reload(case).status == S.PUBLISHED
        services.withdraw_case(actor=world.admin_a, case=case)
    assert reload(case).status == S.WITHDRAWN


def test_case_without_company_cannot_be_sent_for_approval(world):
    case = CaseFactory(company=None, partner=world.partner_a, status=S.IN_REVIEW)
    with partner_scope(world.partner_a), pytest.raises(BusinessRuleError, match="company"):
        services.send_for_approval(
            actor=world.admin_a, case=case, contact_name="K", contact_email="k@example.org"
        )
    assert reload(case).status == S.IN_REVIEW


def test_returning_a_case_needs_a_note(world):
    case = CaseFactory(company=world.company_a, status=S.IN_REVIEW)
    with partner_scope(world.partner_a):
        with pytest.raises(BusinessRuleError):
            services.return_case(actor=world.admin_a, case=case, note=" ")
        services.return_case(actor=world.admin_a, case=case, note="Zahlen ergänzen")
    case = reload(case)
    assert (case.status, case.review_note) == (S.DRAFT, "Zahlen ergänzen")


def test_editing_the_text_raises_its_version(world):
    case = CaseFactory(company=world.company_a)
    with partner_scope(world.partner_a):
        services.update_case(actor=world.consultant_a, case=case, data=_data(title="Neu"))
        assert reload(case).text_version == 2
        # the same text again is no new version
        services.update_case(actor=world.consultant_a, case=case, data=_data(title="Neu"))
        assert reload(case).text_version == 2


def test_an_approved_case_cannot_be_edited(world):
    case = CaseFactory(company=world.company_a, status=S.APPROVED)
    with partner_scope(world.partner_a), pytest.raises(BusinessRuleError):
        services.update_case(actor=world.admin_a, case=case, data=_data(title="Anders"))
    assert reload(case).title != "Anders"


def test_company_declining_sends_the_case_back_to_draft_with_its_comment(world):
    case = CaseFactory(company=world.company_a, status=S.AWAITING_COMPANY)
    with unscoped("signed link"):
        services.decide_approval(
            case=case,
            approve=False,
            text_hash=case.text_hash,
            approver_name="Katrin Vogt",
            comment="Bitte ohne Umsatzzahlen",
        )
    case = reload(case)
    assert case.status == S.DRAFT
    assert case.review_note == "Bitte ohne Umsatzzahlen"


def test_reopened_case_needs_a_fresh_approval(world):
    case = CaseFactory(company=world.company_a, status=S.WITHDRAWN, company_named=True)
    approve(case)
    with partner_scope(world.partner_a):
        services.reopen_case(actor=world.admin_a, case=case)
    case = reload(case)
    assert case.status == S.DRAFT
    assert not case.company_named


MOVES = {
    "submit": lambda w, c: services.submit_case(actor=w.consultant_a, case=c),
    "return": lambda w, c: services.return_case(actor=w.admin_a, case=c, note="Bitte kürzen"),
    "send": lambda w, c: services.send_for_approval(
        actor=w.admin_a, case=c, contact_name="K V", contact_email="kv@example.org"
    ),
    "approve": lambda w, c: services.decide_approval(
        case=c, approve=True, text_hash=c.text_hash, approver_name="K V", may_name_company=True
    ),
    "decline": lambda w, c: services.decide_approval(
        case=c, approve=False, text_hash=c.text_hash, approver_name="K V", comment="nein"
    ),
    "publish": lambda w, c: services.publish_case(actor=w.admin_a, case=c),
    "withdraw": lambda w, c: services.withdraw_case(actor=w.admin_a, case=c),
    "reopen": lambda w, c: services.reopen_case(actor=w.admin_a, case=c),
}


def test_every_move_is_allowed_or_refused_as_the_table_says(world):
    """Random sequences of every move: the state is always the table's, a refused move
    changes nothing (tests/lifecycle.py)."""

    def apply(case, move):
        with unscoped("test: the services check the actor themselves"):
            return MOVES[move](world, reload(case))

    check_lifecycle(
        CASE_LIFECYCLE,
        create=lambda: CaseFactory(company=world.company_a),
        apply=apply,
        max_examples=15,
    )


def test_withdrawing_permission_takes_the_case_offline(world):
    case = CaseFactory(company=world.company_a, status=S.PUBLISHED, company_named=True)
    approve(case)
    with company_scope(world.company_a.pk):
        services.withdraw_permission(actor=world.sme_a, case=reload(case), keep_anonymous=False)
    case = reload(case)
    assert case.status == S.WITHDRAWN
    assert not case.company_named
    with unscoped("test"):
        assert CaseApproval.objects.get(case=case).revoked_at is not None


def test_company_may_keep_the_case_online_without_its_name(world):
    case = CaseFactory(company=world.company_a, status=S.PUBLISHED, company_named=True)
    approve(case)
    with company_scope(world.company_a.pk):
        services.withdraw_permission(actor=world.sme_a, case=reload(case), keep_anonymous=True)
    case = reload(case)
    assert case.status == S.PUBLISHED
    assert not case.company_named
    assert "Alpha" not in case.company_display


def test_another_company_cannot_withdraw_the_permission(world):
    case = CaseFactory(company=world.company_a, status=S.PUBLISHED)
    with pytest.raises(PermissionRefused):
        services.withdraw_permission(actor=world.sme_b, case=case, keep_anonymous=False)
    assert reload(case).status == S.PUBLISHED


def test_case_slugs_never_take_a_route_name(world):
    with partner_scope(world.partner_a):
        case = services.create_case(
            actor=world.consultant_a, partner=world.partner_a, data=_data(title="Manage")
        )
    assert case.slug == "manage-2"


def test_a_cited_lab_trial_is_a_candidate_and_its_draft_names_the_trial_as_source(world):
    from consulting.models import MeetingFormat
    from practice import selectors
    from tests.consulting.factories import SessionFactory

    trial = SessionFactory(
        company=world.company_a,
        partner=world.partner_a,
        format=MeetingFormat.LAB_TRIAL,
        good_practice_consent=True,
    )
    with partner_scope(world.partner_a):
        candidates = selectors.case_candidates(viewer=world.consultant_a, partner=world.partner_a)
        assert trial in candidates
        assert services.draft_from_session(trial)["source"] == "lab_trial"
