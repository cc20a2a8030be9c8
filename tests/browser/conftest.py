"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

No browser is downloaded: Chromium comes from Debian (`make test-browser` installs it) and
axe-core from the npm registry (`make axe`). Locally a missing one skips these tests; in CI it
fails them (as tests/conftest.py does for PostgreSQL and Redis).

axe-core is injected with `page.evaluate(source)`: that runs through the DevTools protocol, which
a page's Content-Security-Policy does not govern, whereas `page.add_script_tag()` adds an inline
<script> the CSP would refuse (test_axe_injection_survives_a_strict_csp proves the difference).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import sync_playwright

from tests.conftest import IN_CI

CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = (
    Path(django_settings.BASE_DIR) / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
)


def require_tool(name: str, available: bool, how: str) -> None:
    """Skip without the tool locally; in CI a missing tool fails the test."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is required in CI but missing ({how})")
    pytest.skip(f"{name} missing ({how})")


@pytest.fixture(scope="package", autouse=True)
def _async_unsafe():
    """Sync Playwright keeps an asyncio loop running in the main thread, so Django would refuse
    the test's own database access (fixtures, assertions, the flush) without this. Set for this
    package only, never for the whole run: `check --deploy` run in a subprocess by another test
    would inherit it and fail."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def chromium_browser(_async_unsafe):
    """Debian's Chromium, for this package's tests only: Playwright and its event loop stop after
    the last browser test, so the tests that follow run without a loop in the main thread."""
    require_tool("Chromium", CHROMIUM.exists(), f"{CHROMIUM}; `make test-browser` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require_tool("axe-core", AXE_JS.exists(), f"{AXE_JS}; `make axe` installs it from npm")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _browser_settings(settings, tmp_path, live_server):
    """Reports and certificates go to a temporary folder; staff keep the second-factor duty;
    links in mails (allauth's confirmation too) point at the live server the browser can reach."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_BASE_URL = live_server.url
    settings.PORTAL_STAFF_MFA_REQUIRED = True


# Data migrations whose rows the pages need, and whose forward step may run again (get-or-create).
# A flushing (transactional) test earlier in the run deletes their rows; they are loaded back here.
DATA_MIGRATIONS = [
    ("assessments.migrations.0002_questionnaire_v1", "publish_v1"),
    ("privacy.migrations.0002_initial_legal_texts", "load"),
]


@pytest.fixture(autouse=True)
def _migration_data(transactional_db):
    from django.apps import apps

    from portal.tenancy import unscoped

    with unscoped("browser tests: reload the rows of data migrations"):
        for module_name, function in DATA_MIGRATIONS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:  # that app has not got its data yet
                continue
            getattr(module, function)(apps, None)


@pytest.fixture
def world(transactional_db):
    """One partner with staff, a free slot and two workshops (one full), an SME, the consortium.

    Built with the shared factories and, where a rule matters (seats), with the services.
    """
    from types import SimpleNamespace

    from events import services as event_services
    from portal.models import Membership
    from tests.consulting.factories import SlotFactory
    from tests.events.factories import EventFactory, scope_of
    from tests.factories import (
        CompanyFactory,
        CompanyMemberFactory,
        MembershipFactory,
        PartnerFactory,
        TopicFactory,
        UserFactory,
        give_second_factor,
    )

    sensors = TopicFactory(slug="sensors-iot", name_en="Sensors & IoT", name_de="Sensorik & IoT")
    security = TopicFactory(slug="it-security", name_en="IT security", name_de="IT-Sicherheit")
    partner = PartnerFactory(
        slug="tu-ilmenau", name="Technische Universität Ilmenau", short_name="TU Ilmenau"
    )
    partner.competences.set([sensors, security])
    admin = MembershipFactory(partner=partner, role=Membership.Role.PARTNER_ADMIN).user
    consultant = MembershipFactory(partner=partner).user
    company = CompanyFactory(lead_partner=partner, name="Keller Feinmechanik GmbH")
    sme = CompanyMemberFactory(company=company).user
    other_sme = CompanyMemberFactory(company=CompanyFactory(lead_partner=partner)).user
    slot = SlotFactory(partner=partner, consultant=consultant)
    workshop = EventFactory(
        organizer=partner,
        title="Sensorik zum Anfassen",
        slug="sensorik",
        capacity=10,
        topics=[sensors],
    )
    full = EventFactory(
        organizer=partner,
        title="Cobots in der Montage",
        slug="cobots",
        capacity=1,
        topics=[security],
    )
    with scope_of(other_sme):
        event_services.register_for_event(event=full, user=other_sme)
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return SimpleNamespace(**locals())


@pytest.fixture
def make_context(chromium_browser):
    """A browser context speaking `language` ("en" or "de"), failing fast on a missing element."""
    contexts = []

    def make(language: str = "en", **kwargs):
        context = chromium_browser.new_context(
            locale={"en": "en-GB", "de": "de-DE"}[language], **kwargs
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
