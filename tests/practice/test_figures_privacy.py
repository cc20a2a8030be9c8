"""Practice in the reports (a fixed number of queries) and in an SME's export and erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from portal.figures import Window
from portal.tenancy import consortium_scope, partner_scope, unscoped
from practice import figures
from practice.models import CaseApproval, CaseStatus, CaseViewDay, Referral
from privacy.services import collect_company_data, erase_company
from tests.factories import PASSWORD
from tests.lifecycle import reload
from tests.practice.factories import CaseFactory, ReferralFactory, published

TODAY = date(2026, 3, 15)


def _build(world, rounds: int) -> None:
    when = timezone.make_aware(timezone.datetime(2026, 3, 10, 10))
    for _ in range(rounds):
        a = published(company=world.company_a, topics=[world.sensors])
        b = published(company=world.company_b, district="16053", topics=[world.security])
        for case in (a, b):
            with unscoped("test data"):
                type(case).objects.filter(pk=case.pk).update(published_at=when)
                CaseViewDay.objects.create(case=case, day=TODAY, views=5)
        referral = ReferralFactory(company=world.company_a)
        with unscoped("test data"):
            Referral.objects.filter(pk=referral.pk).update(created_at=when)
        CaseFactory(company=world.company_a)  # a draft counts nowhere


WINDOW = Window(date(2026, 1, 1), date(2026, 3, 31))


@pytest.mark.parametrize("rounds", [1, 3])
def test_figures_count_cases_views_and_referrals_in_few_queries(
    world, rounds, django_assert_num_queries
):
    _build(world, rounds)
    mine = Window(WINDOW.start, WINDOW.end, world.partner_a.pk)
    with partner_scope(world.partner_a), django_assert_num_queries(4):
        found = figures.figures(mine)
    data = found.data["practice"]
    assert data["cases_published"] == rounds
    assert data["case_views"] == 5 * rounds
    assert data["referrals"] == rounds
    assert data["by_district"] == {"Ilm-Kreis": rounds}
    assert data["by_topic"] == {"Sensors & IoT": rounds}
    with consortium_scope(world.consortium, purpose="test"):
        everyone = figures.figures(WINDOW).data["practice"]
        by_partner = figures.by_partner(WINDOW)
    assert everyone["cases_published"] == 2 * rounds
    assert by_partner.row(world.partner_a.pk) == [rounds, 5 * rounds, rounds]
    assert by_partner.row(world.partner_b.pk) == [rounds, 5 * rounds, 0]


def test_nothing_counts_outside_the_window(world):
    _build(world, 1)
    earlier = Window(TODAY - timedelta(days=400), TODAY - timedelta(days=200), world.partner_a.pk)
    with partner_scope(world.partner_a):
        data = figures.figures(earlier).data["practice"]
    assert (data["cases_published"], data["case_views"], data["referrals"]) == (0, 0, 0)


def test_export_holds_the_companys_cases_approvals_and_referrals(world):
    case = published(company=world.company_a)
    published(company=world.company_b)
    ReferralFactory(company=world.company_a, reason="Digitalbonus")
    data = collect_company_data(world.company_a)
    assert [c["title"] for c in data["good_practice_cases"]] == [case.title]
    assert data["good_practice_approvals"][0]["text_hash"] == case.text_hash
    assert data["network_referrals"][0]["reason"] == "Digitalbonus"


def test_erasure_takes_the_cases_offline_and_anonymises_who_approved(world):
    case = published(company=world.company_a)
    referral = ReferralFactory(company=world.company_a)
    erase_company(actor=world.sme_a, company=world.company_a, password=PASSWORD)
    case = reload(case)
    assert case.status == CaseStatus.WITHDRAWN
    assert case.company_id is None
    assert not case.company_named
    with unscoped("test"):
        approval = CaseApproval.objects.get(case=case)
        assert approval.approver_email == ""
        assert "Vogt" not in approval.approver_name
        referral = Referral.objects.get(pk=referral.pk)
    assert referral.consent_given_by == "[erased]"
    # the case still counts in the figures of its period
    assert case.published_at is not None
