"""Tenancy on every URL of practice: another tenant's row does not exist (404, never 403)."""

from __future__ import annotations

import pytest
from django.test import Client

from practice.models import CaseStatus
from tests.access import assert_access, client_for
from tests.lifecycle import reload
from tests.practice.factories import CaseFactory, NetworkPartnerFactory, ReferralFactory, published

S = CaseStatus


@pytest.fixture
def rows(world):
    return {
        "published": published(company=world.company_a),
        "draft": CaseFactory(company=world.company_a),
        "review": CaseFactory(company=world.company_a, status=S.IN_REVIEW),
        "withdrawn": CaseFactory(company=world.company_a, status=S.WITHDRAWN),
        "referral": ReferralFactory(company=world.company_a),
        "network": NetworkPartnerFactory(),
    }


def everyone(w):
    return [w.consultant_a, w.admin_a, w.consultant_b, w.admin_b, w.sme_a, w.sme_b, w.consortium]


def test_public_pages_answer_everyone(world, rows):
    for url in [
        "/practice/",
        "/practice/feed/",
        "/sitemap.xml",
        rows["published"].get_absolute_url(),
        "/network/",
        rows["network"].get_absolute_url(),
    ]:
        assert_access(url, allowed=everyone(world), anonymous=200)


@pytest.mark.parametrize("state", ["draft", "review"])
def test_draft_and_review_are_the_partners_internal_work(world, rows, state):
    url = rows[state].get_absolute_url()
    assert_access(
        url,
        allowed=[world.consultant_a, world.admin_a],
        denied=[
            world.sme_a,
            world.consultant_b,
            world.admin_b,
            world.sme_b,
            (world.consortium, "consortium"),
        ],
        anonymous=404,
    )


def test_withdrawn_case_is_404_to_the_public_and_other_partners(world, rows):
    assert_access(
        rows["withdrawn"].get_absolute_url(),
        allowed=[world.consultant_a, world.admin_a, world.sme_a],
        denied=[world.consultant_b, world.admin_b, world.sme_b, (world.consortium, "consortium")],
        anonymous=404,
    )


def test_company_sees_its_case_only_once_put_to_it(world, rows):
    assert_access(f"/practice/my-cases/{rows['draft'].pk}/", denied=[world.sme_a], anonymous=302)


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_editorial_pages_are_the_partners_only(world, rows, suffix):
    for case in (rows["draft"], rows["published"]):
        assert_access(
            f"/practice/manage/{case.pk}/{suffix}",
            allowed=[world.consultant_a, world.admin_a],
            denied=[
                world.consultant_b,
                world.admin_b,
                world.sme_a,
                world.sme_b,
                (world.consortium, "consortium"),
            ],
            anonymous=302,
        )


def test_desk_and_new_case_are_for_partner_staff(world, rows):
    for url in [
        "/practice/manage/",
        "/practice/manage/new/",
        "/network/referrals/",
        "/network/referrals/new/",
    ]:
        assert_access(
            url,
            allowed=[world.consultant_a, world.consultant_b],
            denied=[world.sme_a, (world.consortium, "consortium")],
            anonymous=302,
        )


def test_desk_lists_only_the_partners_cases(world, rows):
    page = client_for(world.consultant_b).get("/practice/manage/").content.decode()
    assert rows["draft"].title not in page
    page = client_for(world.consultant_a).get("/practice/manage/").content.decode()
    assert rows["draft"].title in page


def test_another_partner_cannot_move_a_case(world, rows):
    case = rows["review"]
    response = client_for(world.admin_b).post(f"/practice/manage/{case.pk}/return/", {"note": "x"})
    assert response.status_code == 404
    assert reload(case).status == S.IN_REVIEW


def test_consultant_cannot_publish_but_sees_no_button(world, rows):
    case = CaseFactory(company=world.company_a, status=S.APPROVED)
    page = client_for(world.consultant_a).get(f"/practice/manage/{case.pk}/").content.decode()
    assert "/publish/" not in page
    response = client_for(world.consultant_a).post(f"/practice/manage/{case.pk}/publish/")
    assert response.status_code == 403
    assert reload(case).status == S.APPROVED


def test_case_page_of_the_company_is_its_users_only(world, rows):
    case = CaseFactory(company=world.company_a, status=S.AWAITING_COMPANY)
    assert_access(
        f"/practice/my-cases/{case.pk}/",
        allowed=[world.sme_a],
        denied=[world.sme_b, world.consultant_b, world.consultant_a],
        anonymous=302,
    )


def test_referral_is_the_referring_partners(world, rows):
    assert_access(
        rows["referral"].get_absolute_url(),
        allowed=[world.consultant_a],
        denied=[world.consultant_b, world.sme_a, world.sme_b, (world.consortium, "consortium")],
        anonymous=302,
    )


def test_network_partners_are_kept_by_consortium_admins(world, rows):
    for url in ["/network/manage/new/", f"/network/manage/{rows['network'].slug}/"]:
        assert_access(
            url,
            allowed=[(world.consortium, "consortium")],
            denied=[world.admin_a, world.sme_a],
            anonymous=302,
        )


def test_unknown_move_and_bad_ids_are_404(world, rows):
    client = client_for(world.admin_a)
    assert client.post(f"/practice/manage/{rows['draft'].pk}/explode/").status_code == 404
    assert client.get("/practice/manage/99999999/").status_code == 404
    assert Client().get("/practice/my-cases/1/").status_code == 302
