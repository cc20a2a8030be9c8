"""Accounts end to end: SME sign-up with verification, staff invitations, the second-factor duty."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.test import Client
from django.urls import reverse

from consulting.models import Company, CompanyInvitation, CompanyMember, Contact
from portal.models import Membership, StaffInvitation, User
from portal.tenancy import unscoped
from tests.access import client_for, signed_in_with_password
from tests.factories import (
    PASSWORD,
    SIGNUP_FORM,
    CompanyMemberFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit_callbacks(commit_per_request):
    """Each request here behaves as in production: mail tasks run when its transaction commits."""


SIGNUP = SIGNUP_FORM


def _link_in_last_mail(pattern: str) -> str:
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).replace("http://testserver", "")


class TestSmeSignup:
    def test_signup_asks_for_verification_then_creates_company_and_contact(self, client):
        response = client.post(reverse("account_signup"), SIGNUP)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert "/accounts/confirm-email/" in mail.outbox[-1].body
        user = User.objects.get(email=SIGNUP["email"])
        with unscoped("test assertions"):
            assert not CompanyMember.objects.filter(user=user).exists()  # not before confirming
        client.post(_link_in_last_mail(r"http://testserver/accounts/confirm-email/\S+/"))
        with unscoped("test assertions"):
            member = CompanyMember.objects.select_related("company").get(user=user)
            contact = Contact.objects.get(user=user)
        assert member.company.name == "Keller Feinmechanik GmbH"
        assert member.company.lead_partner is None  # the consortium routes it later
        assert contact.consent_at is not None
        assert contact.consent_text_version

    def test_unverified_account_cannot_sign_in_until_confirmed(self, client):
        client.post(reverse("account_signup"), SIGNUP)
        link = _link_in_last_mail(r"http://testserver/accounts/confirm-email/\S+/")
        other = Client()
        response = other.post(
            reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
        )
        assert response["Location"] == reverse("account_email_verification_sent")
        assert other.get(reverse("dashboard")).status_code == 302

        response = other.post(link)
        assert response.status_code == 302
        dashboard = other.get(reverse("dashboard"))
        assert dashboard.status_code == 200
        assert "Keller Feinmechanik GmbH" in dashboard.content.decode()

    def test_bad_company_data_is_refused_and_nothing_is_saved(self, client):
        response = client.post(
            reverse("account_signup"),
            {**SIGNUP, "company_postcode": "123", "company_sector_section": "G"},
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "company_postcode" in errors
        assert "company_sector_division" in errors  # a division needs manufacturing (C)
        assert not User.objects.filter(email=SIGNUP["email"]).exists()
        with unscoped("test assertions"):
            assert not Company.objects.exists()

    def test_consent_is_required(self, client):
        response = client.post(reverse("account_signup"), {**SIGNUP, "privacy_consent": ""})
        assert response.status_code == 200
        assert "privacy_consent" in response.context["form"].errors
        assert not User.objects.filter(email=SIGNUP["email"]).exists()

    def test_colleague_invitation_joins_the_same_company(self, client):
        member = CompanyMemberFactory()
        inviter = client_for(member.user)
        response = inviter.post(
            reverse("consulting:invite_colleague"), {"email": "kollege@firma.example"}
        )
        assert response.status_code == 302
        link = _link_in_last_mail(r"http://testserver/consulting/join/\S+/")

        newcomer = Client()
        assert newcomer.get(link)["Location"] == reverse("account_signup")
        signup = {k: v for k, v in SIGNUP.items() if not k.startswith("company_")}
        response = newcomer.post(
            reverse("account_signup"), {**signup, "email": "kollege@firma.example"}
        )
        assert response.status_code == 302
        newcomer.post(_link_in_last_mail(r"http://testserver/accounts/confirm-email/\S+/"))
        user = User.objects.get(email="kollege@firma.example")
        with unscoped("test assertions"):
            assert CompanyMember.objects.get(user=user).company_id == member.company_id
            assert Company.objects.count() == 1
            assert CompanyInvitation.objects.get().accepted_at is not None

    def test_colleague_signup_with_another_address_is_refused(self, client):
        member = CompanyMemberFactory()
        client_for(member.user).post(
            reverse("consulting:invite_colleague"), {"email": "kollege@firma.example"}
        )
        link = _link_in_last_mail(r"http://testserver/consulting/join/\S+/")
        newcomer = Client()
        newcomer.get(link)
        signup = {k: v for k, v in SIGNUP.items() if not k.startswith("company_")}
        response = newcomer.post(
            reverse("account_signup"), {**signup, "email": "fremd@firma.example"}
        )
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        assert not User.objects.filter(email="fremd@firma.example").exists()


class TestLogin:
    def test_login_by_email_lands_on_the_dashboard(self, client):
        member = CompanyMemberFactory()
        response = client.post(
            reverse("account_login"), {"login": member.user.email, "password": PASSWORD}
        )
        assert response["Location"] == reverse("dashboard")
        assert client.get(reverse("dashboard")).status_code == 200

    def test_sixth_wrong_password_in_a_row_is_refused(self, client):
        user = CompanyMemberFactory().user
        for _ in range(5):
            client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code in (200, 429)
        assert client.get(reverse("dashboard")).status_code == 302

    def test_password_reset_sends_a_mail(self, client):
        user = CompanyMemberFactory().user
        client.post(reverse("account_reset_password"), {"email": user.email})
        assert mail.outbox[-1].to == [user.email]
        assert "/accounts/password/reset/key/" in mail.outbox[-1].body


class TestStaffInvitation:
    def test_partner_admin_invites_and_a_new_person_joins(self, client):
        admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
        response = client_for(admin.user).post(
            reverse("staff_list"), {"email": "Neu@Partner.example", "role": "consultant"}
        )
        assert response.status_code == 302
        assert mail.outbox[-1].to == ["neu@partner.example"]
        link = _link_in_last_mail(r"http://testserver/invitations/\S+/")

        newcomer = Client()
        assert newcomer.get(link).status_code == 200
        response = newcomer.post(
            link,
            {
                "first_name": "Nina",
                "last_name": "Neu",
                "password1": "Ein-gutes-Passwort-9",
                "password2": "Ein-gutes-Passwort-9",
            },
        )
        assert response["Location"] == reverse("dashboard")
        user = User.objects.get(email="neu@partner.example")
        membership = Membership.objects.get(user=user)
        assert membership.partner == admin.partner
        assert membership.role == Membership.Role.CONSULTANT
        # The new consultant must set up the second factor before any staff page.
        assert newcomer.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")
        # The link is single-use.
        assert Client().get(link).status_code == 410

    def test_existing_account_accepts_with_one_click(self):
        admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
        person = MembershipFactory().user  # a consultant of another partner
        client_for(admin.user).post(
            reverse("staff_list"), {"email": person.email, "role": "consultant"}
        )
        link = _link_in_last_mail(r"http://testserver/invitations/\S+/")
        response = client_for(person).post(link)
        assert response["Location"] == reverse("dashboard")
        assert Membership.objects.filter(user=person, partner=admin.partner).exists()

    def test_another_account_cannot_use_the_link(self):
        admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
        client_for(admin.user).post(
            reverse("staff_list"), {"email": "x@partner.example", "role": "consultant"}
        )
        link = _link_in_last_mail(r"http://testserver/invitations/\S+/")
        intruder = UserFactory()
        client_for(intruder).post(link)
        assert not Membership.objects.filter(user=intruder).exists()

    def test_consultants_cannot_invite(self):
        consultant = MembershipFactory()
        response = client_for(consultant.user).post(
            reverse("staff_list"), {"email": "x@partner.example", "role": "partner_admin"}
        )
        assert response.status_code == 404
        with unscoped("test assertions"):
            assert not StaffInvitation.objects.exists()

    def test_bad_address_changes_nothing(self):
        admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
        response = client_for(admin.user).post(
            reverse("staff_list"), {"email": "no-address", "role": "consultant"}
        )
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        with unscoped("test assertions"):
            assert not StaffInvitation.objects.exists()

    def test_last_partner_admin_cannot_be_removed(self):
        admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
        client_for(admin.user).post(reverse("staff_remove", args=[admin.pk]))
        assert Membership.objects.filter(pk=admin.pk).exists()


def _confirm_password(client: Client) -> None:
    """allauth asks for the password again before a second factor is added."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302


class TestStaffSecondFactor:
    def test_staff_without_second_factor_is_sent_to_set_it_up(self):
        consultant = MembershipFactory(totp=False)
        client = signed_in_with_password(consultant.user, PASSWORD)
        for url in (reverse("dashboard"), reverse("staff_list"), "/admin/"):
            assert client.get(url)["Location"] == reverse("mfa_activate_totp"), url
        assert client.get(reverse("home")).status_code == 200  # public pages stay open
        _confirm_password(client)
        assert client.get(reverse("mfa_activate_totp")).status_code == 200

    def test_consortium_admin_needs_it_too(self):
        admin = UserFactory(is_consortium_admin=True)
        assert client_for(admin).get(reverse("dashboard"))["Location"] == reverse(
            "mfa_activate_totp"
        )

    def test_sme_users_need_no_second_factor(self):
        assert client_for(CompanyMemberFactory().user).get(reverse("dashboard")).status_code == 200

    def test_setting_up_totp_opens_the_staff_pages(self):
        consultant = MembershipFactory(totp=False)
        client = signed_in_with_password(consultant.user, PASSWORD)
        _confirm_password(client)
        assert client.get(reverse("mfa_activate_totp")).status_code == 200
        secret = client.session["mfa.totp.secret"]
        code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
        response = client.post(reverse("mfa_activate_totp"), {"code": code})
        assert response.status_code == 302
        assert client.get(reverse("dashboard")).status_code == 200

    def test_can_be_switched_off_for_the_local_demo(self, settings):
        settings.PORTAL_STAFF_MFA_REQUIRED = False
        consultant = MembershipFactory(totp=False)
        assert client_for(consultant.user).get(reverse("dashboard")).status_code == 200


class TestActivePartner:
    def test_member_of_two_partners_switches_in_the_navigation(self):
        first = MembershipFactory(partner__short_name="AAA")
        second = MembershipFactory(user=first.user, partner__short_name="BBB")
        client = client_for(first.user)
        assert client.get(reverse("dashboard")).context["active"].partner == first.partner
        response = client.post(reverse("switch_context"), {"context": str(second.partner_id)})
        assert response.status_code == 302
        assert client.get(reverse("dashboard")).context["active"].partner == second.partner

    def test_a_partner_that_is_not_yours_cannot_be_chosen(self):
        mine = MembershipFactory()
        foreign = MembershipFactory()
        client = client_for(mine.user)
        client.post(reverse("switch_context"), {"context": str(foreign.partner_id)})
        assert client.get(reverse("dashboard")).context["active"].partner == mine.partner

    def test_consortium_admin_with_a_membership_can_act_for_the_consortium(self):
        membership = MembershipFactory(user=UserFactory(is_consortium_admin=True))
        client = client_for(membership.user)
        assert client.get(reverse("dashboard")).context["role"] == "consultant"
        client.post(reverse("switch_context"), {"context": "consortium"})
        assert client.get(reverse("dashboard")).context["role"] == "consortium"

    def test_external_next_url_is_ignored(self):
        membership = MembershipFactory()
        response = client_for(membership.user).post(
            reverse("switch_context"),
            {"context": str(membership.partner_id), "next": "https://evil.example/"},
        )
        assert response["Location"] == reverse("dashboard")


class TestAccountMaintenance:
    def test_logout(self):
        client = client_for(CompanyMemberFactory().user)
        assert client.post(reverse("account_logout")).status_code == 302
        assert client.get(reverse("dashboard")).status_code == 302

    def test_email_change_sends_a_verification_to_the_new_address(self):
        user = CompanyMemberFactory().user
        client = signed_in_with_password(user, PASSWORD)
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "neue.adresse@firma.example"}
        )
        assert response.status_code == 302
        assert mail.outbox[-1].to == ["neue.adresse@firma.example"]
        assert "/accounts/confirm-email/" in mail.outbox[-1].body
