"""The demo cases: at least eight published, of all four partners and several districts, each
approved by its company on its exact text; seeding twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from portal.tenancy import unscoped
from practice.models import Case, CaseApproval, CaseStatus, NetworkPartner, Referral

pytestmark = pytest.mark.django_db


def _snapshot():
    with unscoped("compare the demo cases"):
        return (
            sorted(Case.objects.values_list("slug", "status", "text_version", "company_named")),
            NetworkPartner.objects.count(),
            Referral.objects.count(),
        )


def test_demo_cases_are_published_across_partners_and_districts_with_their_approval():
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
    with unscoped("check the demo cases"):
        cases = list(Case.objects.filter(status=CaseStatus.PUBLISHED).select_related("partner"))
        assert len(cases) >= 8
        assert {c.partner.slug for c in cases} == {"tu-ilmenau", "gfe", "eah-jena", "imms"}
        assert len({c.district for c in cases}) >= 6
        for case in cases:
            approval = CaseApproval.objects.filter(case=case).latest("decided_at")
            assert approval.approved
            assert approval.text_hash == case.text_hash
            assert approval.may_name_company or not case.company_named
        statuses = set(Case.objects.values_list("status", flat=True))
    assert {"draft", "in_review", "awaiting_company"} <= statuses
    page = Client().get("/practice/")
    assert page.context["page"].paginator.count == len(cases)
    assert page.context["map"]["total"] == len(cases)
