"""Mails in the recipient's language, with a text and an HTML part, signed with the site's name
and address (portal/mail.py), also allauth's and the certificates."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from consulting import services as consulting_services
from events import services as event_services
from events.models import Registration
from portal import mail as portal_mail
from portal.models import AuditEntry, User
from portal.tenancy import unscoped
from tests.access import client_for
from tests.consulting.factories import SlotFactory
from tests.events.factories import EventFactory, scope_of, staff
from tests.factories import (
    CompanyMemberFactory,
    MembershipFactory,
    PartnerFactory,
    TopicFactory,
    UserFactory,
)
from tests.portal.test_accounts import SIGNUP

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.m40.example"
GREETING = {"de": "Guten Tag", "en": "Hello"}


@pytest.fixture(autouse=True)
def _public_address(settings, commit_per_request, tmp_path):
    settings.PORTAL_BASE_URL = SITE_URL
    settings.MEDIA_ROOT = tmp_path / "media"


def _html(message) -> str:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def _assert_branded(message, language: str) -> None:
    """Both parts: the site's name and public address; the HTML says its language."""
    html = _html(message)
    for part in (message.body, html):
        assert "Portal 4.0" in part
        assert f"{SITE_URL}/" in part
        assert "testserver" not in part
    assert f'<html lang="{language}">' in html


def _sme(language: str, partner=None) -> User:
    member = CompanyMemberFactory(
        user__language=language, company__lead_partner=partner or PartnerFactory()
    )
    return member.user


@pytest.mark.parametrize("language", ["de", "en"])
def test_one_template_gives_a_text_and_an_html_part_in_the_recipients_language(language):
    user = UserFactory(language=language, first_name="Ada")
    event = EventFactory(title="Cobots <live> & mehr")
    message = portal_mail.render_templated_email(
        template_prefix="events/email/reminder",
        to=user,
        context={"event": event, "person": "Ada", "holds_seat": True, "event_url": "/x"},
    )
    _assert_branded(message, language)
    subject = {"de": "Morgen: Cobots <live> & mehr", "en": "Tomorrow: Cobots <live> & mehr"}
    assert message.subject == f"[Portal 4.0] {subject[language]}"
    assert message.body.startswith(f"{GREETING[language]} Ada,")
    html = _html(message)
    # the same words, escaped for HTML, with the links made clickable
    assert "Cobots &lt;live&gt; &amp; mehr" in html
    assert "<live>" not in html
    assert f'<a href="{SITE_URL}/"' in html


def test_language_of_an_address_is_its_accounts_and_the_default_otherwise():
    UserFactory(email="eva@firma.example", language="en")
    assert portal_mail.language_for("EVA@firma.example") == "en"
    assert portal_mail.language_for("nobody@firma.example") == "de"
    assert portal_mail.language_for("nobody@firma.example", default="en-gb") == "en"
    assert portal_mail.language_for(None, default="fr") == "de"


@pytest.mark.parametrize(("actor_language", "sme_language"), [("en", "de"), ("de", "en")])
def test_request_mail_is_in_the_smes_language_not_the_consultants(actor_language, sme_language):
    partner = PartnerFactory()
    consultant = MembershipFactory(partner=partner, user__language=actor_language).user
    sme = _sme(sme_language, partner)
    with translation.override(sme_language):
        request = consulting_services.book_consultation(
            actor=sme,
            topics=[TopicFactory()],
            description="Sensorik",
            preferred_partner=partner,
            proposed_times="dienstags",
        )
    client = client_for(consultant)
    client.cookies["django_language"] = actor_language
    client.post(
        reverse("consulting:request_assign", args=[request.pk]), {"consultant": consultant.pk}
    )
    message = mail.outbox[-1]
    assert message.to == [sme.email]
    expected = {
        "de": "Ihre Beratungsanfrage wurde angenommen",
        "en": "Your consultation request was accepted",
    }
    assert message.subject == f"[Portal 4.0] {expected[sme_language]}"
    _assert_branded(message, sme_language)


@pytest.mark.parametrize("language", ["de", "en"])
def test_booking_calendar_file_speaks_the_recipients_language(
    language, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    slot = SlotFactory(partner=partner, consultant=MembershipFactory(partner=partner).user)
    sme = _sme(language, partner)
    other = "de" if language == "en" else "en"
    with translation.override(other), django_capture_on_commit_callbacks(execute=True):
        request = consulting_services.book_consultation(
            actor=sme, topics=[TopicFactory()], description="x", slot=slot
        )
        consulting_services.assign_request(
            actor=slot.consultant, request=request, consultant=slot.consultant
        )
    # the acceptance carries the appointment as an .ics in the SME's language
    message = next(m for m in reversed(mail.outbox) if m.attachments)
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("consultation.ics", "text/calendar")
    summary = {"de": "Beratung durch das Mittelstand", "en": "Consultation with the Mittelstand"}
    assert summary[language] in content.replace("\r\n ", "")


@pytest.mark.parametrize("language", ["de", "en"])
def test_workshop_mails_and_reminder_are_in_the_participants_language(
    language, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, start=timezone.now() + timedelta(hours=20))
    first, second = _sme(language), _sme(language)
    other = "de" if language == "en" else "en"
    with translation.override(other), django_capture_on_commit_callbacks(execute=True):
        with scope_of(first):
            event_services.register_for_event(event=event, user=first)
        with scope_of(second):
            waiting = event_services.register_for_event(event=event, user=second)
        assert waiting.status == Registration.Status.WAITLISTED
        event_services.send_due_reminders()
    subjects = [m.subject for m in mail.outbox]
    expected = {
        "de": ["Anmeldebestätigung: ", "Auf der Warteliste: ", "Morgen: ", "Morgen: "],
        "en": ["Registered: ", "On the waitlist: ", "Tomorrow: ", "Tomorrow: "],
    }
    assert [s.removeprefix("[Portal 4.0] ").split(event.title)[0] for s in subjects] == expected[
        language
    ]
    for message in mail.outbox:
        assert message.body.startswith(GREETING[language])
        _assert_branded(message, language)


@pytest.mark.parametrize("language", ["de", "en"])
def test_certificate_and_its_mail_are_in_the_participants_language(
    language, django_capture_on_commit_callbacks
):
    start = timezone.now() - timedelta(hours=2)
    event = EventFactory(start=start, end=start + timedelta(hours=3))
    participant = _sme(language)
    with unscoped("test"):
        registration = Registration.objects.create(
            event=event,
            user=participant,
            company=participant.company_membership.company,
            status=Registration.Status.CONFIRMED,
        )
    organiser = staff(event)
    with scope_of(organiser):
        event_services.check_in(registration=registration, actor=organiser)
    other = "de" if language == "en" else "en"
    with (
        translation.override(other),
        django_capture_on_commit_callbacks(execute=True),
        scope_of(participant),
    ):
        event_services.issue_certificate(registration=registration, actor=participant)
    with unscoped("test"):
        registration.refresh_from_db()
        assert registration.certificate_status == Registration.CertificateStatus.READY
        text = PdfReader(io.BytesIO(registration.certificate_file.read())).pages[0].extract_text()
    title = {"de": "Teilnahmebescheinigung", "en": "Certificate of attendance"}
    assert title[language] in text
    message = mail.outbox[-1]
    assert message.body.startswith(GREETING[language])
    _assert_branded(message, language)


@pytest.mark.parametrize("language", ["de", "en"])
def test_sign_up_takes_the_browsers_language_and_confirms_in_it_branded(language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert user.language == language
    message = mail.outbox[-1]
    assert "/accounts/confirm-email/" in message.body
    assert "/accounts/confirm-email/" in _html(message)
    # allauth's generic "Hello from <host>" and "Thank you for using <host>" are gone
    assert "testserver!" not in message.body
    assert message.body.startswith(GREETING[language])
    confirm = {"de": "E-Mail-Adresse", "en": "e-mail address"}
    assert confirm[language].lower() in message.subject.lower()
    _assert_branded(message, language)


def test_password_reset_is_in_the_accounts_language_not_the_browsers():
    user = CompanyMemberFactory(user__language="de").user
    Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("account_reset_password"), {"email": user.email})
    message = mail.outbox[-1]
    assert message.to == [user.email]
    assert message.body.startswith("Guten Tag")
    assert "/accounts/password/reset/key/" in message.body
    _assert_branded(message, "de")


def test_profile_changes_the_language_of_the_mails(settings):
    # Named explicitly: a random German surname may already be "Lang", and then it is no change.
    user = CompanyMemberFactory(
        user__language="de", user__first_name="Ida", user__last_name="Alt"
    ).user
    client = client_for(user)
    page = client.get(reverse("profile"))
    assert page.status_code == 200
    response = client.post(
        reverse("profile"), {"first_name": "Eva", "last_name": "Lang", "language": "en"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.language) == ("Eva", "en")
    with unscoped("test"):
        entry = AuditEntry.objects.get(action="portal.user.profile_updated")
    assert entry.data == {"fields": ["first_name", "language", "last_name"]}
    assert portal_mail.language_for(user) == "en"


def test_profile_refuses_an_unknown_language_and_changes_nothing():
    user = CompanyMemberFactory(user__language="de").user
    response = client_for(user).post(
        reverse("profile"), {"first_name": "X", "last_name": "Y", "language": "fr"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    user.refresh_from_db()
    assert user.language == "de"
