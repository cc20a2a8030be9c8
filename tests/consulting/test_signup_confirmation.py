"""An SME's company comes into being when its e-mail address is confirmed, not before (#11).

Until then the sign-up waits as a pending sign-up: no company in any list, no contact, and a
colleague's invitation not used up. A sign-up never confirmed is deleted after a week.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consulting.models import Company, CompanyInvitation, CompanyMember, Contact, PendingSignup
from portal.models import User
from portal.tenancy import unscoped
from tests.access import client_for
from tests.factories import SIGNUP_FORM, CompanyMemberFactory

pytestmark = pytest.mark.django_db

SIGNUP = SIGNUP_FORM


def confirmation_link() -> str:
    match = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def companies() -> list[str]:
    with unscoped("test: every company"):
        return list(Company.objects.values_list("name", flat=True))


def test_no_company_exists_until_the_address_is_confirmed(world):
    visitor = Client()
    assert visitor.post("/accounts/signup/", SIGNUP).status_code == 302
    assert "Keller Feinmechanik GmbH" not in companies()
    with unscoped("test"):
        assert not Contact.objects.filter(email=SIGNUP["email"]).exists()

    assert visitor.post(confirmation_link()).status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    with unscoped("test"):
        member = CompanyMember.objects.select_related("company").get(user=user)
        contact = Contact.objects.get(user=user)
    assert member.company.name == "Keller Feinmechanik GmbH"
    assert member.company.employees == 25
    assert contact.role == "Geschäftsführerin"
    assert contact.consent_at is not None
    assert contact.consent_at <= member.joined_at  # consent is from the sign-up form
    assert not PendingSignup.objects.exists()
    assert "Keller Feinmechanik GmbH" in visitor.get("/dashboard/").content.decode()


def test_confirming_again_makes_no_second_company(world):
    visitor = Client()
    visitor.post("/accounts/signup/", SIGNUP)
    link = confirmation_link()
    visitor.post(link)
    Client().post(link)
    assert companies().count("Keller Feinmechanik GmbH") == 1


def invited_colleague_signs_up(world) -> Client:
    """A colleague of company A, invited by address, opens the link and signs up."""
    inviter = CompanyMemberFactory(company=world.company_a).user
    client_for(inviter).post("/consulting/colleagues/invite/", {"email": "kollege@alpha.example"})
    join = re.search(r"http://testserver(/consulting/join/\S+/)", mail.outbox[-1].body).group(1)
    newcomer = Client()
    newcomer.get(join)
    signup = {k: v for k, v in SIGNUP.items() if not k.startswith("company_")}
    newcomer.post("/accounts/signup/", {**signup, "email": "kollege@alpha.example"})
    return newcomer


def test_an_invited_colleague_joins_on_confirmation_and_the_invitation_waits_till_then(world):
    newcomer = invited_colleague_signs_up(world)
    with unscoped("test"):
        invitation = CompanyInvitation.objects.get(email="kollege@alpha.example")
        assert invitation.accepted_at is None  # someone who cannot confirm does not use it up
        assert not CompanyMember.objects.filter(user__email="kollege@alpha.example").exists()
    newcomer.post(confirmation_link())
    with unscoped("test"):
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None
        member = CompanyMember.objects.get(user__email="kollege@alpha.example")
    assert member.company_id == world.company_a.pk
    assert companies().count("Alpha Fräserei GmbH") == 1


def test_an_invitation_revoked_before_confirmation_gives_a_message_not_a_500(world):
    newcomer = invited_colleague_signs_up(world)
    with unscoped("test"):
        CompanyInvitation.objects.update(revoked_at=timezone.now())
    response = newcomer.post(confirmation_link(), follow=True)
    assert response.status_code == 200
    assert "invitation is no longer valid" in response.content.decode()
    with unscoped("test"):
        assert not CompanyMember.objects.filter(user__email="kollege@alpha.example").exists()


def test_a_sign_up_never_confirmed_is_deleted_after_a_week(world):
    from privacy.services import housekeeping

    Client().post("/accounts/signup/", SIGNUP)
    Client().post("/accounts/signup/", {**SIGNUP, "email": "recent@firma.example"})
    PendingSignup.objects.filter(user__email=SIGNUP["email"]).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    housekeeping()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert User.objects.filter(email="recent@firma.example").exists()
    assert PendingSignup.objects.count() == 1
