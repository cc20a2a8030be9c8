"""No named company without an approval of the exact text (issue #16)."""

from __future__ import annotations

import pytest
from django.test import Client

from portal.errors import BusinessRuleError
from portal.tenancy import partner_scope, unscoped
from practice import services
from practice.models import CaseStatus
from tests.access import client_for
from tests.lifecycle import reload
from tests.practice.factories import CaseFactory, approve

S = CaseStatus


def test_publishing_needs_an_approval_of_this_exact_text(world):
    case = CaseFactory(company=world.company_a, status=S.APPROVED, company_named=True)
    approve(case, text_hash="0" * 64)  # an approval of another text
    with partner_scope(world.partner_a), pytest.raises(BusinessRuleError, match="exact text"):
        services.publish_case(actor=world.admin_a, case=case)
    assert reload(case).status == S.APPROVED


def test_publishing_without_any_approval_is_refused(world):
    case = CaseFactory(company=world.company_a, status=S.APPROVED)
    with partner_scope(world.partner_a), pytest.raises(BusinessRuleError):
        services.publish_case(actor=world.admin_a, case=case)
    assert reload(case).status == S.APPROVED


def test_name_only_with_the_permission_to_name(world):
    case = CaseFactory(company=world.company_a, status=S.APPROVED, company_named=True)
    approve(case, named=False)
    with partner_scope(world.partner_a), pytest.raises(BusinessRuleError, match="name"):
        services.publish_case(actor=world.admin_a, case=case)


def test_a_link_for_an_older_text_approves_nothing(world):
    case = CaseFactory(company=world.company_a, status=S.AWAITING_COMPANY)
    old_hash = case.text_hash
    with unscoped("test: the text changes behind the link"):
        case.result = "Rüsten dauert jetzt 30 Minuten."
        case.save()
    with unscoped("signed link"), pytest.raises(BusinessRuleError, match="changed"):
        services.decide_approval(
            case=reload(case), approve=True, text_hash=old_hash, approver_name="K V"
        )
    assert reload(case).status == S.AWAITING_COMPANY


def test_anonymous_case_describes_the_company_without_its_name(world):
    case = CaseFactory(company=world.company_a, company_named=False, size_class="small")
    assert "Alpha" not in case.company_display
    assert "10–49 staff" in case.company_display
    assert "Ilm-Kreis" in case.company_display


def test_public_page_names_the_company_only_with_permission(world):
    named = CaseFactory(
        company=world.company_a,
        status=S.PUBLISHED,
        company_named=True,
        company_name="Alpha Fräserei GmbH",
    )
    approve(named)
    anonymous = CaseFactory(company=world.company_a, status=S.PUBLISHED)
    approve(anonymous, named=False)
    assert "Alpha Fräserei" in Client().get(named.get_absolute_url()).content.decode()
    page = Client().get(anonymous.get_absolute_url()).content.decode()
    assert "Alpha Fräserei" not in page


def test_signed_link_shows_the_text_and_records_the_approval(world):
    case = CaseFactory(company=world.company_a, status=S.AWAITING_COMPANY)
    token = services.cases.approval_token(case, name="Katrin Vogt", email="k@example.org")
    url = f"/practice/approve/{token}/"
    page = Client().get(url)
    assert page.status_code == 200
    assert case.starting_point in page.content.decode()
    response = Client().post(
        url,
        {
            "text_hash": case.text_hash,
            "approver_name": "Katrin Vogt",
            "may_name_company": "on",
            "approve": "1",
        },
    )
    assert response.status_code == 200
    case = reload(case)
    assert case.status == S.APPROVED
    assert case.company_named
    # the link is spent: the case no longer awaits the company
    assert Client().get(url).status_code == 404


def test_forged_or_tampered_link_is_404_and_changes_nothing(world):
    case = CaseFactory(company=world.company_a, status=S.AWAITING_COMPANY)
    token = services.cases.approval_token(case, name="K", email="k@example.org")
    assert Client().get(f"/practice/approve/{token[:-2]}xx/").status_code == 404
    assert Client().post(f"/practice/approve/{token}x/", {"approve": "1"}).status_code == 404
    assert reload(case).status == S.AWAITING_COMPANY


def test_declining_without_a_comment_is_refused_with_a_message(world):
    case = CaseFactory(company=world.company_a, status=S.AWAITING_COMPANY)
    client = client_for(world.sme_a)
    response = client.post(
        f"/practice/my-cases/{case.pk}/",
        {"text_hash": case.text_hash, "approver_name": "K V", "decline": "1"},
    )
    assert response.status_code == 200
    assert b"what should change" in response.content
    assert reload(case).status == S.AWAITING_COMPANY
