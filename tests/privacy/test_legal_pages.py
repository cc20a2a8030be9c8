"""Privacy policy, imprint and accessibility statement: public, editable by consortium admins."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from portal.models import AuditEntry
from portal.tenancy import unscoped
from privacy.models import AccessibilityFeedback, LegalPage
from privacy.templatetags.legal_text import legal_text
from tests.access import assert_access, client_for
from tests.factories import PASSWORD, UserFactory, give_second_factor


@pytest.fixture
def consortium(db):
    return give_second_factor(UserFactory(is_consortium_admin=True, email="office@m40.example"))


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/privacy/", "Privacy policy"),
        ("/imprint/", "Imprint"),
        ("/accessibility/", "Accessibility statement"),
    ],
)
def test_legal_pages_are_public_and_linked_from_every_footer(db, url, title):
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 id="legal-title">{title}</h1>' in html
    for link in ("/privacy/", "/imprint/", "/accessibility/"):
        assert f'href="{link}"' in html


def test_pages_speak_german_by_default(db, settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        html = Client(headers={"accept-language": "de"}).get("/imprint/").content.decode()
    assert "Impressum" in html
    assert "§ 5 DDG" in html


def test_privacy_policy_says_only_strictly_necessary_cookies(db):
    html = Client().get("/privacy/").content.decode()
    assert "strictly necessary cookies only" in html
    for cookie in ("session cookie", "CSRF cookie", "language cookie", "notice cookie"):
        assert cookie in html


def test_the_portal_sets_only_the_strictly_necessary_cookies(world_settings_names, world):
    """What the privacy policy promises: session, CSRF, language and notice cookie, no other."""
    client = Client()
    for url in ("/", "/privacy/", "/accessibility/", "/events/", "/accounts/login/"):
        assert client.get(url).status_code == 200
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/accounts/login/", {"login": world.sme_a.email, "password": PASSWORD})
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/my-data/").status_code == 200
    assert set(client.cookies) <= world_settings_names
    assert set(client.cookies) >= {"csrftoken", "sessionid"}


@pytest.fixture
def world_settings_names(settings):
    # "messages": Django's one-time notices ("saved") while they do not fit in the session.
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "messages",
    }


def test_only_consortium_admins_edit_the_text(db, consortium):
    from tests.factories import CompanyMemberFactory, MembershipFactory

    assert_access(
        "/legal/imprint/edit/",
        allowed=[consortium],
        denied=[MembershipFactory().user, CompanyMemberFactory().user],
        anonymous=302,
    )
    assert client_for(consortium).get("/legal/nonsense/edit/").status_code == 404


def test_consortium_admin_changes_the_imprint_and_it_is_logged(db, consortium):
    with unscoped("test"):
        page = LegalPage.objects.get(key="imprint")
    data = {
        "title_de": "Impressum",
        "title_en": "Imprint",
        "body_de": "## Anbieter\nTU Ilmenau",
        "body_en": "## Provider\nTU Ilmenau\n\nPhone: <b>+49 3677 69-0</b>",
    }
    response = client_for(consortium).post("/legal/imprint/edit/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_en.endswith("+49 3677 69-0</b>")
    assert page.updated_by == consortium
    html = Client().get("/imprint/").content.decode()
    assert '<h2 class="h4 mt-4">Provider</h2>' in html
    assert "&lt;b&gt;+49 3677 69-0&lt;/b&gt;" in html  # text is shown as text, never as HTML
    with unscoped("test"):
        entry = AuditEntry.objects.get(action="privacy.legal_page.updated")
    assert entry.actor == consortium
    assert entry.partner_id is None
    assert entry.data["fields"] == ["body_de", "body_en"]


def test_an_empty_text_is_refused_and_changes_nothing(db, consortium):
    with unscoped("test"):
        before = LegalPage.objects.get(key="privacy").body_de
    data = {"title_de": "Datenschutz", "title_en": "Privacy", "body_de": "", "body_en": "x"}
    response = client_for(consortium).post("/legal/privacy/edit/", data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    with unscoped("test"):
        assert LegalPage.objects.get(key="privacy").body_de == before


def test_legal_text_filter_builds_headings_lists_and_paragraphs():
    html = legal_text("## Title\nfirst\nsecond\n\n- a\n- <b>\n\nplain & simple")
    assert html == (
        '<h2 class="h4 mt-4">Title</h2>\n<p>first<br>second</p>\n'
        "<ul><li>a</li><li>&lt;b&gt;</li></ul>\n<p>plain &amp; simple</p>"
    )


def test_accessibility_feedback_is_stored_and_mailed_to_the_consortium(db, consortium):
    response = Client().post(
        "/accessibility/",
        {
            "message": "The booking calendar cannot be used with a keyboard.",
            "page_url": "/events/",
            "name": "Eva",
            "email": "eva@example.org",
        },
    )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page_url == "/events/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["office@m40.example"]
    assert "cannot be used with a keyboard" in mail.outbox[0].body


def test_empty_feedback_gets_a_message_and_stores_nothing(db, consortium):
    response = Client().post("/accessibility/", {"message": "   ", "email": "not-an-address"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert not AccessibilityFeedback.objects.exists()
    assert not mail.outbox


def test_signup_consent_links_to_the_privacy_policy(db):
    html = Client().get("/accounts/signup/").content.decode()
    assert 'the <a href="/privacy/">privacy policy</a> explains' in html


def test_a_flood_of_feedback_from_one_address_is_refused_with_a_message(db, consortium):
    client = Client()
    data = {"message": "The contrast of the footer is too low.", "page_url": "/"}
    for _ in range(5):
        assert client.post("/accessibility/", data).status_code == 302
    response = client.post("/accessibility/", data)
    assert response.status_code == 429
    assert "a lot of feedback in a short time" in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 5
    assert len(mail.outbox) == 5


def test_the_imprint_names_e_mail_and_telephone_from_the_settings(db, settings):
    settings.PORTAL_IMPRINT_EMAIL = "m40@example.org"
    settings.PORTAL_IMPRINT_PHONE = "+49 3677 69-0"
    html = Client().get("/imprint/").content.decode()
    assert '<a href="mailto:m40@example.org">m40@example.org</a>' in html
    assert '<a href="tel:+493677690">+49 3677 69-0</a>' in html


def test_check_deploy_warns_without_imprint_contact(settings):
    from portal.checks import production_settings

    settings.DEBUG = False
    settings.PORTAL_IMPRINT_PHONE = ""
    assert "portal.W006" in [message.id for message in production_settings()]
