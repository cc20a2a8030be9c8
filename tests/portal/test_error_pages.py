"""Error pages are the portal's own, styled and in the visitor's language: 400, 413, 429."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"), [("de", "Anfrage zu groß"), ("en", "Request too large")]
)
def test_a_too_large_request_gets_the_styled_page_in_its_language(
    client, settings, language, heading
):
    settings.PORTAL_MAX_REQUEST_BYTES = 1000
    response = client.post("/accounts/login/", {"login": "x" * 2000}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 413
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1>{heading}</h1>" in page
    assert f'<html lang="{language}">' in page
    assert "portal/css/portal.css" in page
    assert "Content-Security-Policy" in response


def test_a_bad_request_gets_the_styled_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"login": "x" * 2000}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_the_rate_limit_page_is_ours_in_both_languages():
    with translation.override("de"):
        assert "<h1>Zu viele Anfragen</h1>" in render_to_string("429.html")
    with translation.override("en"):
        assert "<h1>Too many requests</h1>" in render_to_string("429.html")
