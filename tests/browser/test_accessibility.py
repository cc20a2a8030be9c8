"""axe-core on every public page and the main signed-in pages, in German and English.

The pages without URL parameters are found by walking the URL map (so new pages, e.g. the
privacy pages, are checked as soon as they exist); the pages of single records are added per
role. Serious and critical WCAG 2.1 A/AA violations fail the test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from playwright.sync_api import Error as PlaywrightError

from consulting.models import Company
from portal.tenancy import unscoped
from tests.access import client_for
from tests.assessments.factories import completed
from tests.browser.helpers import axe_violations, describe, use_session_of
from tests.consulting.factories import FollowUpFactory, RequestFactory, SessionFactory
from tests.events.factories import scope_of

pytestmark = pytest.mark.django_db(transaction=True)

# Operators' Django admin is Django's own; the rest of the portal is ours to answer for.
NOT_OURS = ("/admin/", "/django-admin/")


def _routes(patterns: list, prefix: str = "") -> Iterator[str]:
    """The paths of all URL patterns that take no parameter."""
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):
            route = route.removeprefix("^").removesuffix("$").removesuffix("\\Z")
            if any(c in route for c in "()[]?*+\\"):
                continue
        if "<" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def html_pages(client: Client) -> list[str]:
    """Every parameter-free page that answers this client with 200 and HTML."""
    found = []
    for path in sorted(set(_routes(get_resolver().url_patterns))):
        if path.startswith(NOT_OURS):
            continue
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found.append(path)
    return found


def _record_pages(world: Any) -> dict[str, list[str]]:
    """The pages of single records each role opens, built through the factories and services."""
    from events import services as event_services

    with scope_of(world.sme):
        registration = event_services.register_for_event(event=world.workshop, user=world.sme)
    assessment, _result = completed(world.sme, level=3)
    request = RequestFactory(company=world.company, partner=world.partner)
    unrouted = RequestFactory(company=world.company, partner=None)  # the consortium routes it
    session = SessionFactory(company=world.company, partner=world.partner)
    FollowUpFactory(session=session, owner=world.consultant)
    with unscoped("test: the company page"):
        company = Company.objects.get(pk=world.company.pk)
    return {
        "visitor": [
            f"/partners/{world.partner.slug}/",
            world.workshop.get_absolute_url(),
            world.full.get_absolute_url(),
        ],
        "sme": [
            company.get_absolute_url(),
            world.workshop.get_absolute_url(),
            registration.get_absolute_url(),
            f"/assessments/{assessment.pk}/",
        ],
        "consultant": [
            company.get_absolute_url(),
            f"/consulting/requests/{request.pk}/",
            f"/consulting/sessions/{session.pk}/",
            f"/assessments/{assessment.pk}/",
        ],
        "partner_admin": [
            world.full.get_manage_url(),
            f"/events/manage/{world.full.slug}/check-in/",
            f"/events/manage/{world.full.slug}/edit/",
        ],
        "consortium": [f"/consulting/requests/{unrouted.pk}/"],
    }


# Pages each role must reach, so that a broken discovery cannot pass unnoticed.
EXPECTED = {
    "visitor": {
        "/",
        "/partners/",
        "/events/",
        "/accounts/login/",
        "/accounts/signup/",
        "/privacy/",
        "/imprint/",
        "/accessibility/",
    },
    "sme": {"/dashboard/", "/consulting/book/", "/assessments/", "/events/mine/", "/my-data/"},
    "consultant": {"/dashboard/", "/consulting/companies/", "/consulting/requests/"},
    "partner_admin": {"/dashboard/", "/events/manage/", "/staff/", "/reports/", "/audit/"},
    "consortium": {"/dashboard/", "/consulting/requests/", "/reports/", "/audit/"},
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("role", list(EXPECTED))
def test_no_serious_or_critical_axe_violations(
    role, language, make_context, live_server, world, axe_source
):
    actor = {
        "visitor": None,
        "sme": world.sme,
        "consultant": world.consultant,
        "partner_admin": world.admin,
        "consortium": (world.consortium, "consortium"),
    }[role]
    records = _record_pages(world)[role]
    discovered = html_pages(client_for(actor) if actor else Client())
    assert EXPECTED[role] <= set(discovered), EXPECTED[role] - set(discovered)

    context = make_context(language)
    if actor is not None:
        user, active = actor if isinstance(actor, tuple) else (actor, None)
        use_session_of(context, live_server.url, user, active)
    page = context.new_page()
    violations = {}
    for path in discovered + records:
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language, path
        violations[path] = axe_violations(page, axe_source)
    assert not any(violations.values()), describe(violations)


def test_axe_injection_survives_a_strict_csp(make_context, axe_source):
    """Why axe goes in through page.evaluate: an added <script> tag is refused by the CSP.

    The page also has a real violation, which shows that the check can fail.
    """
    page = make_context().new_page()
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            status=200,
            headers={
                "Content-Type": "text/html",
                "Content-Security-Policy": "default-src 'self'; script-src 'self'",
            },
            body=(
                "<!DOCTYPE html><html lang='en'><title>CSP</title>"
                "<main><h1>Strict</h1><img src='/chart.png'></main>"
            ),
        ),
    )
    page.goto("http://csp.test/")
    with contextlib.suppress(PlaywrightError):  # Playwright may report the refused script
        page.add_script_tag(content="window.inlineRan = true;")
    assert page.evaluate("() => window.inlineRan === undefined")
    # axe runs all the same, and finds the image without a text alternative.
    assert [v["id"] for v in axe_violations(page, axe_source)] == ["image-alt"]
    assert page.evaluate("() => typeof window.axe.run") == "function"
