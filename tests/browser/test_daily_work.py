"""Issue #13 in a real browser: the confirm steps (cancel a request, cancel a registration,
decline a request) and the consultant's week, each page checked with axe in German and
English."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consulting.models import ConsultationRequest, RequestStatus
from events.models import Registration
from portal.tenancy import unscoped
from tests.browser.helpers import axe_violations, describe, use_session_of

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "cancel": "Cancel request",
        "yes_cancel": "Yes, cancel the request",
        "cancelled": "Your request was cancelled.",
        "leave": "Cancel my registration",
        "yes_leave": "Yes, cancel my registration",
        "decline": "Decline",
        "yes_decline": "Yes, decline the request",
        "week": "My week",
        "next": "Next week",
        "overdue": "Overdue follow-ups",
    },
    "de": {
        "cancel": "Anfrage stornieren",
        "yes_cancel": "Ja, Anfrage stornieren",
        "cancelled": "Ihre Anfrage wurde storniert.",
        "leave": "Meine Anmeldung stornieren",
        "yes_leave": "Ja, meine Anmeldung stornieren",
        "decline": "Ablehnen",
        "yes_decline": "Ja, Anfrage ablehnen",
        "week": "Meine Woche",
        "next": "Nächste Woche",
        "overdue": "Überfällige Folgeaufgaben",
    },
}


def _book(world, **kwargs):
    from consulting import services

    return services.book_consultation(
        actor=world.sme, topics=[world.sensors], description="Sensorik an der Fräse", **kwargs
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_sme_cancels_a_request_and_a_registration_after_confirming(
    language, make_context, live_server, world, axe_source
):
    from events import services as event_services
    from tests.events.factories import scope_of

    words = WORDS[language]
    request = _book(world, slot=world.slot)
    with scope_of(world.sme):
        registration = event_services.register_for_event(event=world.workshop, user=world.sme)
    context = make_context(language)
    use_session_of(context, live_server.url, world.sme)
    page = context.new_page()
    violations = {}

    page.goto(live_server.url + request.get_absolute_url())
    page.get_by_role("button", name=words["cancel"]).click()
    expect(page.locator("h1")).to_contain_text(f"#{request.pk}")
    violations["confirm request"] = axe_violations(page, axe_source)
    with unscoped("test assertions"):
        assert ConsultationRequest.objects.get(pk=request.pk).status == RequestStatus.SUBMITTED
    page.get_by_role("button", name=words["yes_cancel"]).focus()
    page.keyboard.press("Enter")  # the yes-button works from the keyboard
    expect(page.locator(".messages")).to_contain_text(words["cancelled"])
    with unscoped("test assertions"):
        assert ConsultationRequest.objects.get(pk=request.pk).status == RequestStatus.CANCELLED

    page.goto(live_server.url + registration.get_absolute_url())
    page.get_by_role("button", name=words["leave"]).click()
    expect(page.locator("h1")).to_contain_text("Sensorik zum Anfassen")
    violations["confirm registration"] = axe_violations(page, axe_source)
    page.get_by_role("link", name=re.compile("No|Nein")).click()  # changed my mind
    expect(page).to_have_url(re.compile(re.escape(registration.get_absolute_url()) + "$"))
    with unscoped("test assertions"):
        assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    page.get_by_role("button", name=words["leave"]).click()
    page.get_by_role("button", name=words["yes_leave"]).click()
    with unscoped("test assertions"):
        assert Registration.objects.get(pk=registration.pk).status == "cancelled"
    assert not any(violations.values()), describe(violations)


@pytest.mark.parametrize("language", ["de", "en"])
def test_consultant_declines_after_confirming_and_reads_the_week(
    language, make_context, live_server, world, axe_source
):
    from consulting import services
    from consulting.models import FollowUp, MeetingFormat, Stage

    words = WORDS[language]
    booked = _book(world, slot=world.slot)
    other = _book(world, preferred_partner=world.partner, proposed_times="Montags")
    services.log_session(
        actor=world.consultant,
        partner=world.partner,
        company=world.company,
        date=timezone.localdate(),
        duration_minutes=60,
        format=MeetingFormat.ON_SITE,
        stage=Stage.FIRST_CONTACT,
        topics=[world.sensors],
        summary="Erstgespräch",
        follow_ups=[
            services.FollowUpData("Angebot schicken", world.consultant, timezone.localdate())
        ],
    )
    with unscoped("test set-up: the follow-up is overdue"):
        FollowUp.objects.update(due_date=timezone.localdate() - timezone.timedelta(days=3))

    context = make_context(language)
    use_session_of(context, live_server.url, world.consultant, world.partner.pk)
    page = context.new_page()
    violations = {}

    page.goto(live_server.url + other.get_absolute_url())
    page.locator("textarea[name=reason], input[name=reason]").fill("Kein Termin frei bis März")
    page.get_by_role("button", name=words["decline"], exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"#{other.pk}")
    violations["confirm decline"] = axe_violations(page, axe_source)
    page.get_by_role("button", name=words["yes_decline"]).click()
    with unscoped("test assertions"):
        declined = ConsultationRequest.objects.get(pk=other.pk)
    assert declined.status == RequestStatus.DECLINED
    assert declined.decline_reason == "Kein Termin frei bis März"

    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name=words["week"]).click()
    expect(page.locator("h1")).to_have_text(words["week"])
    expect(page.locator("main")).to_contain_text(words["overdue"])
    expect(page.locator("main")).to_contain_text("Angebot schicken")
    violations["week"] = axe_violations(page, axe_source)
    seen = page.locator("main").inner_text()
    for _ in range(2):  # the booked slot and the workshop lie within the next two weeks
        if "Keller Feinmechanik GmbH" in seen and "Sensorik zum Anfassen" in seen:
            break
        page.get_by_role("link", name=words["next"]).click()
        seen += page.locator("main").inner_text()
    assert "Keller Feinmechanik GmbH" in seen, booked.pk
    assert "Sensorik zum Anfassen" in seen
    violations["next week"] = axe_violations(page, axe_source)
    assert not any(violations.values()), describe(violations)
