"""The exact wording of every consent a person gave, kept for good.

The centre must be able to show what someone agreed to (GDPR Art. 7(1)); a contact records the
version, and this module keeps each version's text in both languages (through the catalogue).
A changed wording gets a new version here; an old version is never edited or removed.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _

SIGNUP_CONSENT_VERSION = "2026-11"
CONTACT_CONSENT_VERSION = "2026-11-contact"

CONSENT_TEXTS = {
    # {url} is the privacy policy's address: a link in the form, the address in the record.
    SIGNUP_CONSENT_VERSION: _(
        "I agree that the competence centre stores my details to advise my company "
        'and may contact me about it, as the <a href="{url}">privacy policy</a> '
        "explains. I can withdraw this at any time."
    ),
    CONTACT_CONSENT_VERSION: _(
        "This person agrees that the competence centre stores these details to advise the "
        "company and may contact them about it."
    ),
}


def consent_label(version: str) -> str:
    """The text as the form shows it: HTML, with the link to the privacy policy."""
    return format_html(str(CONSENT_TEXTS[version]), url=reverse("privacy:privacy"))


def consent_text(version: str) -> str:
    """The text as a record keeps it: plain, in the active language ("" for no version)."""
    if not version:
        return ""
    if version not in CONSENT_TEXTS:
        raise KeyError(f"consent text version {version!r} is unknown; old versions must stay")
    return strip_tags(consent_label(version))
