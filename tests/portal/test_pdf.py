"""The PDF fetcher serves our static files only; rendering escapes what users typed."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from portal.pdf import PDF_BASE_URL, RefusedResource, render_pdf, static_only_fetcher


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/font.woff",
        "http://127.0.0.1:8000/static/portal/css/portal.css",
        f"{PDF_BASE_URL}static/../../portal/settings.py",
        f"{PDF_BASE_URL}static/%2e%2e/portal/settings.py",
        f"{PDF_BASE_URL}media/secret.pdf",
        f"{PDF_BASE_URL}static/portal/css/missing.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedResource):
        static_only_fetcher().fetch(url)


def test_fetcher_serves_a_static_file():
    response = static_only_fetcher().fetch(f"{PDF_BASE_URL}static/portal/css/print-base.css")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/css"
    assert b"@page" in response.read()


def test_render_escapes_user_text_and_skips_foreign_resources():
    pdf = render_pdf(
        "portal/pdf/_test_page.html",
        {"title": "<script>Müller & Söhne</script>", "image": "file:///etc/passwd"},
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "<script>Müller & Söhne</script>" in text  # shown as text, not markup


def test_fetcher_serves_the_hashed_names_of_production(tmp_path, settings):
    """Outside DEBUG, templates name `print-base.<hash>.css`: the print CSS must still load."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = staticfiles_storage.stored_name("portal/css/print-base.css")
    assert hashed != "portal/css/print-base.css"
    response = static_only_fetcher().fetch(f"{PDF_BASE_URL}static/{hashed}")
    assert b"@page" in response.read()
    with pytest.raises(RefusedResource):
        static_only_fetcher().fetch(f"{PDF_BASE_URL}static/portal/css/print-base.0123456789ab.css")
