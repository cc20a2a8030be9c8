"""Every consent version a person can have given keeps its exact text, in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from consulting import consent
from consulting.forms import CompanySignupForm, ContactForm
from consulting.models import Contact
from consulting.privacy import export_company_data
from portal.tenancy import unscoped
from tests.factories import CompanyFactory


def test_the_forms_show_the_text_of_the_version_they_record():
    signup = str(CompanySignupForm().fields["privacy_consent"].label)
    assert signup == consent.consent_label(consent.SIGNUP_CONSENT_VERSION)
    assert 'href="/privacy/"' in signup
    contact = str(ContactForm().fields["consent"].label)
    assert contact == consent.consent_label(consent.CONTACT_CONSENT_VERSION)


def test_the_record_text_is_plain_and_translated():
    with translation.override("en"):
        english = consent.consent_text(consent.SIGNUP_CONSENT_VERSION)
    with translation.override("de"):
        german = consent.consent_text(consent.SIGNUP_CONSENT_VERSION)
    assert english.startswith("I agree that the competence centre stores my details")
    assert "privacy policy" in english
    assert "<a" not in english
    assert german != english
    assert "<a" not in german
    assert consent.consent_text("") == ""
    with pytest.raises(KeyError):
        consent.consent_text("1999-01")


@pytest.mark.django_db
def test_the_data_export_carries_the_text_each_contact_agreed_to():
    with unscoped("test: a company with a consenting contact"):
        company = CompanyFactory()
        Contact.objects.create(
            company=company,
            first_name="Clara",
            last_name="Berg",
            email="clara@example.com",
            consent_text_version=consent.CONTACT_CONSENT_VERSION,
        )
        with translation.override("en"):
            rows = export_company_data(company)["contacts"]
    assert rows[0]["consent_text"].startswith("This person agrees that the competence centre")
