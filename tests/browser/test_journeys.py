"""The journeys of every role, in a real browser against the live server."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment, Report
from consulting.models import AdvisorySession, CompanyMember, ConsultationRequest
from consulting.week import monday_of
from events.models import Registration
from portal.tenancy import unscoped
from tests.browser.helpers import link_in_mail, sign_in, use_session_of
from tests.events.factories import under_way
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sme_signs_up_confirms_the_email_and_completes_the_profile(make_context, live_server):
    page = make_context().new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("input[name=email]").fill("jana.keller@feinmechanik.example")
    page.locator("input[name=password1]").fill("Sicheres-Passwort-2026")
    page.locator("input[name=password2]").fill("Sicheres-Passwort-2026")
    page.get_by_label("First name").fill("Jana")
    page.get_by_label("Last name").fill("Keller")
    page.get_by_label("Company name").fill("Keller Feinmechanik GmbH")
    page.locator("input[name=company_postcode]").fill("98693")
    page.locator("input[name=company_city]").fill("Ilmenau")
    page.locator("select[name=company_district]").select_option("16070")
    page.locator("select[name=company_sector_section]").select_option("C")
    page.locator("select[name=company_sector_division]").select_option("28")
    page.locator("input[name=company_employees]").fill("25")
    page.locator("input[name=privacy_consent]").check()
    page.locator("form.form-signup button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert [m.to for m in mail.outbox] == [["jana.keller@feinmechanik.example"]]
    page.goto(link_in_mail(r"http://\S+/accounts/confirm-email/\S+"))
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("h1")).to_have_text("Welcome, Jana")
    expect(page.locator("main")).to_contain_text("Keller Feinmechanik GmbH")

    # The company profile is completed from the company's own record.
    page.goto(f"{live_server.url}/consulting/companies/mine/")
    page.get_by_role("link", name="Edit record").click()
    page.locator("input[name=street]").fill("Ehrenbergstraße 29")
    page.locator("input[name=annual_turnover]").fill("4200000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("The company record was saved.")
    expect(page.locator("main")).to_contain_text("Ehrenbergstraße 29")

    with unscoped("test assertions"):
        member = CompanyMember.objects.select_related("company", "user").get()
    assert member.user.email == "jana.keller@feinmechanik.example"
    assert member.company.name == "Keller Feinmechanik GmbH"
    assert member.company.street == "Ehrenbergstraße 29"
    assert member.company.annual_turnover == 4_200_000


def test_sme_books_a_free_appointment(make_context, live_server, world):
    context = make_context()
    use_session_of(context, live_server.url, world.sme)
    page = context.new_page()
    monday = monday_of(timezone.localdate(world.slot.starts_at))
    page.goto(f"{live_server.url}/consulting/book/?week={monday.isoformat()}")
    # The week view by keyboard alone: the slot is a radio button styled as a button.
    slot = page.locator(f"#slot-{world.slot.pk}")
    slot.focus()
    page.keyboard.press("Space")
    expect(slot).to_be_checked()
    page.get_by_label("Sensors & IoT").check()
    page.get_by_label("What would you like to discuss?").fill("Maschinendaten erfassen")
    page.get_by_role("button", name="Send request").click()

    expect(page.locator(".messages [role=status]")).to_be_visible()
    with unscoped("test assertions"):
        booked = ConsultationRequest.objects.get()
    assert booked.company_id == world.company.pk
    assert booked.slot_id == world.slot.pk
    assert booked.consultant_id == world.consultant.pk
    assert any(world.sme.email in m.to for m in mail.outbox)


def test_sme_takes_the_readiness_check_and_downloads_the_pdf(make_context, live_server, world):
    context = make_context()
    use_session_of(context, live_server.url, world.sme)
    page = context.new_page()
    page.goto(f"{live_server.url}/assessments/")
    page.get_by_role("button", name="Start the assessment").click()
    steps = 0
    while "/review/" not in page.url:
        steps += 1
        assert steps < 20, page.url
        for fieldset in page.locator("main form fieldset").all():
            fieldset.locator("input[type=radio]").nth(2).check()
        page.locator("main form button[name=next]").click()
        page.wait_for_load_state()
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))

    page.locator("main form[action$='/report/'] button[type=submit]").first.click()
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=20_000)
    with page.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with unscoped("test assertions"):
        assessment = Assessment.objects.get()
        assert assessment.company_id == world.company.pk
        assert Report.objects.get().status == Report.Status.READY


def test_sme_books_a_workshop_and_lands_on_the_waitlist_when_it_is_full(
    make_context, live_server, world
):
    context = make_context()
    use_session_of(context, live_server.url, world.sme)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("link", name="Sensorik zum Anfassen").first.click()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator("main")).to_contain_text("You have a seat.")

    page.goto(f"{live_server.url}/events/cobots/")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.locator("main")).to_contain_text("You are number 1 on the waitlist.")
    with unscoped("test assertions"):
        mine = dict(
            Registration.objects.filter(user=world.sme).values_list("event__slug", "status")
        )
    assert mine == {
        "sensorik": Registration.Status.CONFIRMED,
        "cobots": Registration.Status.WAITLISTED,
    }


def test_consultant_signs_in_with_the_authenticator_and_logs_a_session(
    make_context, live_server, world
):
    page = make_context().new_page()
    sign_in(page, live_server.url, world.consultant, PASSWORD)
    page.goto(f"{live_server.url}/consulting/sessions/new/?company={world.company.pk}")
    page.get_by_label("Sensors & IoT").check()
    page.get_by_label("Summary").fill("Erstgespräch zur Maschinendatenerfassung.")
    page.get_by_label("Outcomes", exact=True).fill("Sensorik-Workshop empfohlen.")
    page.get_by_label("Follow-up", exact=True).fill("Angebot schicken")
    page.get_by_label("Follow-up due date").fill("2030-01-15")
    page.get_by_role("button", name="Save session").click()

    expect(page).to_have_url(re.compile(rf"/consulting/companies/{world.company.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("The session was logged.")
    with unscoped("test assertions"):
        session = AdvisorySession.objects.get()
        assert session.company_id == world.company.pk
        assert session.partner_id == world.partner.pk
        assert [f.title for f in session.follow_ups.all()] == ["Angebot schicken"]


def test_partner_admin_checks_in_a_participant_on_a_phone(make_context, live_server, world):
    context = make_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    under_way(world.full)  # check-in opens shortly before the start (#13)
    sign_in(page, live_server.url, world.admin, PASSWORD)
    page.goto(f"{live_server.url}/events/manage/cobots/check-in/")
    # The page fits the phone: nothing scrolls sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    button = page.get_by_role("button", name=re.compile("Check in"))
    expect(button).to_have_count(1)
    button.tap()
    expect(page.get_by_role("button", name=re.compile("Present"))).to_have_attribute(
        "aria-pressed", "true"
    )
    with unscoped("test assertions"):
        registration = Registration.objects.get(event=world.full, user=world.other_sme)
    assert registration.status == Registration.Status.ATTENDED


def test_consortium_admin_reads_the_figures(make_context, live_server, world):
    page = make_context().new_page()
    sign_in(page, live_server.url, world.consortium, PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    table = page.get_by_role("table", name="Staff and figures per partner institution")
    row = table.get_by_role("row", name=re.compile("TU Ilmenau"))
    expect(row).to_contain_text("1")

    navigation = page.get_by_role("navigation", name="Main navigation")
    reports = navigation.get_by_role("link", name="Reports")
    if not reports.is_visible():  # past the sixth entry: under "More"
        navigation.get_by_text("More", exact=True).click()
    reports.click()
    expect(page).to_have_url(re.compile(r"/reports/"))
    expect(page.locator("h1")).to_have_text("Reports")
    expect(page.locator("main table").first).to_be_visible()
