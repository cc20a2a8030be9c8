"""Hardening: the Content-Security-Policy and the other security headers, cookies, upload limits,
the import's type check, and the sixth wrong password."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from consulting.models import Company
from portal import tenancy
from tests.access import client_for
from tests.factories import PASSWORD, CompanyMemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.mark.parametrize("path", ["/", "/events/", "/partners/", "/accounts/login/"])
def test_public_pages_carry_a_strict_csp(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    for name, value in CSP.items():
        assert policy[name] == value, name
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_signed_in_pages_and_not_found_answers_carry_it_too(client):
    user = CompanyMemberFactory().user
    client = client_for(user)
    for path in ("/dashboard/", "/assessments/", "/no-such-page/"):
        response = client.get(path)
        assert "Content-Security-Policy" in response, path


def test_the_usual_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_htmx_is_told_not_to_insert_its_style_element(client):
    assert b'"includeIndicatorStyles": false' in client.get("/").content


def test_production_settings_make_cookies_secure(monkeypatch):
    """Reload the settings module as production would read it (DEBUG=false)."""
    import portal.settings as development

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    try:
        production = importlib.reload(development)
        assert production.SESSION_COOKIE_SECURE
        assert production.CSRF_COOKIE_SECURE
        assert production.LANGUAGE_COOKIE_SECURE
        assert production.SESSION_COOKIE_HTTPONLY
        assert production.CSRF_COOKIE_HTTPONLY
        assert production.SECURE_SSL_REDIRECT
        assert production.SECURE_HSTS_SECONDS >= 31536000
        assert production.CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"]
    finally:
        monkeypatch.delenv("DEBUG")
        monkeypatch.delenv("SECRET_KEY")
        importlib.reload(development)


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, settings):
    settings.PORTAL_MAX_REQUEST_BYTES = 1000
    response = client.post("/accounts/login/", {"login": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "Content-Security-Policy" in response


def test_form_fields_beyond_the_memory_limit_are_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"login": "x" * 2000, "password": "y"})
    assert response.status_code == 400


@pytest.fixture
def importer():
    return MembershipFactory().user


def _import(user, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content)
    return client_for(user).post(
        reverse("consulting:company_import"), {"file": upload, "action": "import"}
    )


def _companies() -> int:
    with tenancy.unscoped("test: count all companies"):
        return Company.objects.count()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("firmen.csv", b"name;postcode\x00\x00\x00", "Please upload a CSV or XLSX file."),
        ("firmen.csv", b"PK\x03\x04 a zip called csv", "Please upload a CSV or XLSX file."),
        ("firmen.xlsx", b"name;postcode;city\n", "The XLSX file could not be read."),
        ("firmen.exe", b"MZ\x90\x00", "Please upload a CSV or XLSX file."),
        ("firmen", b"name;postcode", "Please upload a CSV or XLSX file."),
    ],
)
def test_the_import_checks_the_file_type_from_its_content(importer, name, content, message):
    before = _companies()
    response = _import(importer, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _companies() == before


def test_the_import_refuses_a_file_over_5_mb_without_reading_it(importer):
    before = _companies()
    response = _import(importer, "firmen.csv", b"name;postcode\n" + b"a;1\n" * 1_400_000)
    assert "The file is larger than 5 MB." in response.content.decode()
    assert _companies() == before


def test_a_real_xlsx_passes_the_type_check(importer):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["name", "postcode", "city", "district", "sector_section", "employees"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _import(importer, "firmen.xlsx", buffer.getvalue())
    assert "Please upload a CSV or XLSX file." not in response.content.decode()
    assert "could not be read" not in response.content.decode()


def test_the_sixth_wrong_password_in_a_row_is_refused_even_when_right():
    """Item 7: allauth's login_failed limit (5 per 5 minutes and address) holds."""
    user = UserFactory()
    client = Client()
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    fresh = Client()  # another address for the same account is counted as well (per key)
    fresh.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in fresh.session


def test_five_wrong_passwords_do_not_lock_out_another_account():
    victim, other = UserFactory(), UserFactory()
    client = Client()
    for _attempt in range(4):
        client.post("/accounts/login/", {"login": victim.email, "password": "wrong"})
    client.post("/accounts/login/", {"login": other.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(other.pk)
