"""Colleague invitations (issue #11): the answer does not tell whether an address has an account,
and an SME user cannot send them to any address without limit."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from consulting.models import CompanyInvitation
from portal.tenancy import unscoped
from tests.access import client_for
from tests.factories import CompanyMemberFactory, UserFactory

URL = "/consulting/colleagues/invite/"
PER_USER_AND_HOUR = 10  # settings.ACCOUNT_RATE_LIMITS["colleague_invitation"]


def invite(client, email: str, **extra):
    response = client.post(URL, {"email": email}, **extra)
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def invitations(world) -> list[str]:
    with unscoped("test: the company's invitations"):
        return sorted(
            CompanyInvitation.objects.filter(company=world.company_a).values_list(
                "email", flat=True
            )
        )


def test_an_address_with_an_account_gets_the_same_answer_as_any_other(world):
    UserFactory(email="taken@firma.example")
    taken, taken_messages = invite(client_for(world.sme_a), "taken@firma.example")
    free, free_messages = invite(client_for(world.sme_a), "free@firma.example")
    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]
    assert [m.replace("taken@", "x@") for m in taken_messages] == [
        m.replace("free@", "x@") for m in free_messages
    ]
    # Both are listed as open invitations on the dashboard, alike.
    assert invitations(world) == ["free@firma.example", "taken@firma.example"]
    page = client_for(world.sme_a).get("/dashboard/").content.decode()
    assert "taken@firma.example" in page
    assert "free@firma.example" in page


def test_the_holder_of_an_account_is_told_instead_of_invited(world):
    holder = UserFactory(email="taken@firma.example")
    invite(client_for(world.sme_a), "Taken@Firma.example")
    letter = mail.outbox[-1]
    assert letter.to == [holder.email]
    assert "already has an account" in letter.body
    assert "/consulting/join/" not in letter.body


def test_invitations_are_limited_per_user(world):
    client = client_for(world.sme_a)
    for n in range(PER_USER_AND_HOUR):
        response, _ = invite(client, f"colleague{n}@firma.example")
        assert response.status_code == 302
    mails = len(mail.outbox)
    response, messages = invite(client, "one.more@firma.example")
    assert response.status_code == 302
    assert "many invitations" in " ".join(messages)
    assert len(invitations(world)) == PER_USER_AND_HOUR
    assert len(mail.outbox) == mails
    # A colleague of another company is not held back by it.
    other, _ = invite(client_for(world.sme_b), "someone@beta.example")
    assert other.status_code == 302


def test_the_limit_per_address_counts_the_client_behind_the_proxy(world, settings):
    """Several SMEs behind one proxy address; the limit counts each client's own address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's REMOTE_ADDR
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "colleague_invitation": "100/h/user,3/h/ip",
    }
    busy = client_for(CompanyMemberFactory(company=world.company_a).user)
    for n in range(3):
        response, _ = invite(busy, f"c{n}@firma.example", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert response.status_code == 302
    _, refused = invite(busy, "c3@firma.example", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "many invitations" in " ".join(refused)
    _, other = invite(
        client_for(world.sme_a), "c4@firma.example", HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert "many invitations" not in " ".join(other)
    assert invitations(world) == [f"c{n}@firma.example" for n in (0, 1, 2, 4)]


@pytest.mark.parametrize("email", ["not-an-address", "x" * 300 + "@firma.example"])
def test_a_bad_address_changes_nothing(world, email):
    response, messages = invite(client_for(world.sme_a), email)
    assert response.status_code == 302
    assert "valid e-mail address" in " ".join(messages)
    assert invitations(world) == []
