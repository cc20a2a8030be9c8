"""Good practice in the browser: a session marked "may be cited" becomes a case, is reviewed,
approved by the company through its signed link, published, found in the library and on the
map with the keyboard, followed to a workshop, and taken offline again; axe in both languages.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.tenancy import unscoped
from practice.models import Case
from tests.browser.helpers import axe_violations, describe, link_in_mail, sign_in
from tests.browser.test_keyboard import FOCUSED
from tests.consulting.factories import SessionFactory
from tests.factories import PASSWORD, ContactFactory
from tests.practice.factories import approve, published

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def citable(world):
    session = SessionFactory(
        company=world.company,
        partner=world.partner,
        good_practice_consent=True,
        summary="Rüsten an der Fräse dauerte 95 Minuten.",
        outcomes="Rüstzeit auf 45 Minuten gesenkt.",
    )
    session.topics.set([world.sensors])
    ContactFactory(company=world.company, first_name="Katrin", last_name="Keller")
    return session


def test_a_citable_session_becomes_a_published_case_and_goes_offline(
    make_context, live_server, world, citable, axe_source
):
    base = live_server.url
    problems: dict[str, list] = {}

    # The consultant writes the draft from the session and submits it.
    consultant = make_context().new_page()
    sign_in(consultant, base, world.consultant, PASSWORD)
    consultant.goto(f"{base}/practice/manage/")
    consultant.get_by_role("link", name="Write a case from it").click()
    consultant.get_by_label("Title").fill("Rüstzeiten halbiert an der Fräse")
    consultant.get_by_label("Summary").fill("Ein Feinmechanikbetrieb rüstet in halber Zeit.")
    consultant.get_by_label("What was done and how").fill("Werkzeuge werden voreingestellt.")
    consultant.get_by_label("Investment").select_option("10k-50k")
    consultant.get_by_label("Duration (months)").fill("6")
    consultant.get_by_label("Figure 1: what").fill("Rüstzeit")
    consultant.get_by_label("unit").first.fill("min")
    consultant.get_by_label("before").first.fill("95")
    consultant.get_by_label("after").first.fill("45")
    consultant.get_by_role("button", name="Save").click()
    expect(consultant.locator(".messages")).to_contain_text("The draft was saved.")
    consultant.get_by_role("button", name="Submit for review").click()
    expect(consultant.locator("main")).to_contain_text("In review")
    with unscoped("test assertions"):
        case = Case.objects.get()
    assert case.source_session_id == citable.pk
    assert case.figures == [{"label": "Rüstzeit", "unit": "min", "before": 95.0, "after": 45.0}]

    # The partner admin sends the exact text to the company's contact.
    admin = make_context().new_page()
    sign_in(admin, base, world.admin, PASSWORD)
    admin.goto(f"{base}/practice/manage/{case.pk}/")
    problems["manage (en)"] = axe_violations(admin, axe_source)
    admin.get_by_label("Contact at the company").fill("Katrin Keller")
    admin.get_by_label("Their e-mail address").fill("k.keller@example.org")
    admin.get_by_role("button", name="Send for approval").click()
    expect(admin.locator("main")).to_contain_text("Awaiting the company")

    # The contact opens the signed link, in German, and approves with the company's name.
    contact = make_context("de").new_page()
    contact.goto(link_in_mail(r"http://[^\s]+/practice/approve/[^\s]+/"))
    expect(contact.locator("h1")).to_have_text("Geben Sie dieses Praxisbeispiel frei?")
    expect(contact.locator("main")).to_contain_text("Werkzeuge werden voreingestellt.")
    problems["approval (de)"] = axe_violations(contact, axe_source)
    contact.get_by_label("Unser Unternehmen darf in diesem Praxisbeispiel genannt werden").check()
    contact.get_by_role("button", name="Ich gebe diesen Text frei").click()
    expect(contact.locator("h1")).to_have_text("Vielen Dank, Ihre Antwort wurde gespeichert.")

    # The admin publishes it.
    admin.reload()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.locator("main")).to_contain_text("Published")

    # A visitor finds it in the library, on the map (keyboard only) and follows it to a workshop.
    visitor = make_context().new_page()
    visitor.goto(f"{base}/practice/")
    expect(visitor.locator("main")).to_contain_text("Keller Feinmechanik GmbH")
    problems["library (en)"] = axe_violations(visitor, axe_source)
    tab_to_map_district(visitor, "Ilm-Kreis: 1 case")
    visitor.keyboard.press("Enter")
    expect(visitor).to_have_url(re.compile(r"/practice/\?district=16070#results$"))
    expect(visitor.locator("#results h2")).to_have_text("Cases in Ilm-Kreis")
    visitor.get_by_role("link", name="Rüstzeiten halbiert an der Fräse").click()
    problems["case (en)"] = axe_violations(visitor, axe_source)
    expect(visitor.get_by_role("link", name="Sensorik zum Anfassen")).to_be_visible()
    visitor.get_by_role("link", name="Sensorik zum Anfassen").click()
    expect(visitor).to_have_url(re.compile(r"/events/sensorik/$"))

    # Withdrawn, it answers 404 to the public.
    admin.get_by_role("button", name="Withdraw (take offline)").click()
    expect(admin.locator("main")).to_contain_text("Withdrawn")
    response = visitor.goto(f"{base}{case.get_absolute_url()}")
    assert response is not None
    assert response.status == 404
    assert not any(problems.values()), describe(problems)


def tab_to_map_district(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab until the map's link named `name` (its aria-label) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        if focused["tag"] == "a" and label == name:  # an SVG element's tagName is lower case
            return
    raise AssertionError(f"map link {name!r} not reached with {limit} presses of Tab")


@pytest.mark.parametrize("language", ["de", "en"])
def test_library_and_case_pages_pass_axe(make_context, live_server, world, axe_source, language):
    case = published(company=world.company, topics=[world.sensors], title="Rüstzeit halbiert")
    with unscoped("test data"):
        Case.objects.filter(pk=case.pk).update(published_at=timezone.now())
    anonymous = published(company=world.company, named=False, district="16053")
    approve(anonymous, named=False)
    page = make_context(language).new_page()
    problems = {}
    for path in ["/practice/", case.get_absolute_url(), "/network/", "/practice/?district=16053"]:
        page.goto(f"{live_server.url}{path}")
        problems[f"{path} ({language})"] = axe_violations(page, axe_source)
    assert not any(problems.values()), describe(problems)
