"""The lab-trial journey in a real browser, in German and English, with axe on every page:
an SME finds a lab for its topic, asks for a free time, a guide approves it, the SME has the
confirmation with the address and the calendar file, the guide records the outcome, and it
shows on the company timeline and in the figures."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from labs.models import Trial, TrialStatus
from portal.tenancy import unscoped
from tests.browser.helpers import axe_violations, describe, sign_in, use_session_of
from tests.factories import PASSWORD, MembershipFactory, TopicFactory
from tests.labs.factories import LabFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["de", "en"])
def test_sme_finds_a_lab_asks_for_a_trial_and_the_outcome_reaches_the_record(
    make_context, live_server, world, axe_source, language
):
    base = live_server.url
    robots = TopicFactory(slug="automation-robotics", name_de="Robotik", name_en="Robotics")
    guide = MembershipFactory(partner=world.partner).user
    lab = LabFactory(
        partner=world.partner,
        name="Robotik-Demonstrator",
        slug="robotik",
        guides=[guide],
        topics=[robots],
    )
    LabFactory(partner=world.partner, name="Klimakammer", slug="klima", topics=[])
    violations: dict[str, list] = {}

    sme_page = make_context(language).new_page()
    use_session_of(sme_page.context, base, world.sme)
    sme_page.goto(f"{base}/labs/")
    violations["directory"] = axe_violations(sme_page, axe_source)
    sme_page.locator("select[name=topic]").select_option("automation-robotics")
    sme_page.locator("form[method=get] button[type=submit]").click()
    expect(sme_page.locator("main")).to_contain_text("Robotik-Demonstrator")
    expect(sme_page.locator("main")).not_to_contain_text("Klimakammer")
    sme_page.get_by_role("link", name="Robotik-Demonstrator").click()
    expect(sme_page).to_have_url(re.compile(r"/labs/robotik/$"))
    violations["lab page"] = axe_violations(sme_page, axe_source)

    sme_page.locator(".lab-windows a").first.click()
    expect(sme_page).to_have_url(re.compile(r"/labs/robotik/request/"))
    starts = sme_page.locator("input[name=starts_at]").input_value()
    assert starts, "the chosen free window fills the form"
    sme_page.locator("input[name=ends_at]").fill(starts[:11] + "12:00")
    sme_page.locator("input[name=purpose]").first.check()
    sme_page.locator("textarea[name=description]").fill("Unser Greifer am Cobot")
    violations["request form"] = axe_violations(sme_page, axe_source)
    sme_page.locator("main form button[type=submit]").click()
    expect(sme_page).to_have_url(re.compile(r"/labs/trials/\d+/$"))
    violations["trial page (SME)"] = axe_violations(sme_page, axe_source)
    with unscoped("test assertions"):
        trial = Trial.objects.get()
    assert trial.company_id == world.company.pk
    assert any(guide.email in m.to for m in mail.outbox)

    guide_page = make_context(language).new_page()
    sign_in(guide_page, base, guide, PASSWORD)
    guide_page.goto(f"{base}/labs/trials/")
    violations["trial inbox"] = axe_violations(guide_page, axe_source)
    guide_page.goto(f"{base}{trial.get_absolute_url()}")
    violations["trial page (guide)"] = axe_violations(guide_page, axe_source)
    mail.outbox.clear()
    guide_page.locator(f"form[action$='/labs/trials/{trial.pk}/approve/'] button").click()
    expect(guide_page.locator(".messages")).to_be_visible()
    with unscoped("test assertions"):
        trial.refresh_from_db()
    assert trial.status == TrialStatus.APPROVED
    confirmation = next(m for m in mail.outbox if m.to == [world.sme.email])
    assert lab.address in confirmation.body
    assert confirmation.attachments[0][2] == "text/calendar"

    sme_page.reload()
    expect(sme_page.locator("a[href$='calendar.ics']")).to_be_visible()

    # the trial has taken place: move it into the past, as the clock would
    with unscoped("test: the trial took place"):
        yesterday = timezone.now() - timedelta(days=1)
        Trial.objects.filter(pk=trial.pk).update(
            starts_at=yesterday, ends_at=yesterday + timedelta(hours=3)
        )
    guide_page.goto(f"{base}{trial.get_absolute_url()}")
    outcome = guide_page.locator(f"form[action$='/labs/trials/{trial.pk}/outcome/']")
    outcome.locator("textarea[name=outcome-tested]").fill("Greifer mit eigenen Fingern")
    outcome.locator("textarea[name=outcome-result]").fill("Taktzeit 4,2 s")
    outcome.locator("button[type=submit]").click()
    expect(guide_page.locator(".messages")).to_be_visible()
    with unscoped("test assertions"):
        trial.refresh_from_db()
    assert trial.status == TrialStatus.DONE
    assert trial.session_id is not None

    guide_page.goto(f"{base}{world.company.get_absolute_url()}")
    expect(guide_page.locator("main")).to_contain_text("Robotik-Demonstrator")
    violations["company timeline"] = axe_violations(guide_page, axe_source)

    admin_page = make_context(language).new_page()
    use_session_of(admin_page.context, base, world.admin, world.partner.pk)
    admin_page.goto(f"{base}/labs/calendar/")
    violations["calendar"] = axe_violations(admin_page, axe_source)
    admin_page.goto(f"{base}/labs/manage/{lab.pk}/")
    violations["lab editor"] = axe_violations(admin_page, axe_source)
    assert not any(violations.values()), describe(violations)
