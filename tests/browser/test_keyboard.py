"""Booking a workshop with the keyboard alone: Tab to move, Enter to act, no mouse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from events.models import Registration
from portal.tenancy import unscoped
from tests.browser.helpers import use_session_of

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
    const el = document.activeElement;
    return {tag: el.tagName, text: (el.innerText || el.value || '').trim(), id: el.id,
            visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length),
            outline: getComputedStyle(el).outlineStyle, shadow: getComputedStyle(el).boxShadow};
}"""


def tab_to(page: Page, text: str, tag: str, limit: int = 60) -> dict:
    """Press Tab until an element `tag` whose text starts with `text` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == tag and focused["text"].startswith(text):
            assert focused["visible"], focused
            # The focus can be seen (WCAG 2.4.7): an outline or Bootstrap's focus ring.
            assert focused["outline"] != "none" or focused["shadow"] != "none", focused
            return focused
    raise AssertionError(f"{tag} {text!r} not reached with {limit} presses of Tab")


def test_booking_a_workshop_with_the_keyboard_only(make_context, live_server, world):
    context = make_context()
    use_session_of(context, live_server.url, world.sme)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/")

    # The first Tab reaches the skip link; Enter moves on to the main content.
    tab_to(page, "Skip to main content", "A", limit=1)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    tab_to(page, "Sensorik zum Anfassen", "A")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/events/sensorik/$"))

    tab_to(page, "Register", "BUTTON")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("You have a seat.")
    with unscoped("test assertions"):
        registration = Registration.objects.get(user=world.sme)
    assert registration.event_id == world.workshop.pk
    assert registration.status == Registration.Status.CONFIRMED


FOCUSED_FIELD = """() => {
    const el = document.activeElement;
    const label = el.labels && el.labels.length ? el.labels[0] : null;
    const ring = (node) => !!node && (getComputedStyle(node).outlineStyle !== 'none'
        || getComputedStyle(node).boxShadow !== 'none');
    return {tag: el.tagName, id: el.id, type: el.type || '', checked: !!el.checked,
            label: label ? label.innerText.trim() : (el.innerText || '').trim(),
            ring: ring(el) || ring(label)};
}"""


def press_until(page: Page, key: str, wanted, limit: int = 80) -> dict:
    """Press `key` until the focused element is what `wanted(focused)` says; its focus shows."""
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED_FIELD)
        if wanted(focused):
            # The focus can be seen (WCAG 2.4.7): on the element or, for the week's slot
            # buttons (radios drawn as their label), on its label.
            assert focused["ring"], focused
            return focused
    raise AssertionError(f"not reached with {limit} presses of {key}")


def test_booking_a_consultation_from_the_week_view_with_the_keyboard_only(
    make_context, live_server, world
):
    from django.utils import timezone

    from consulting.models import ConsultationRequest
    from consulting.week import monday_of

    context = make_context()
    use_session_of(context, live_server.url, world.sme)
    page = context.new_page()
    monday = monday_of(timezone.localdate(world.slot.starts_at))
    page.goto(f"{live_server.url}/consulting/book/?week={monday.isoformat()}")

    # Tab into the week's group of slots, then the arrow keys choose a slot, as in any
    # radio group; the focus sits on the chosen one.
    press_until(page, "Tab", lambda f: f["type"] == "radio")
    slot_id = f"slot-{world.slot.pk}"
    chosen = press_until(page, "ArrowLeft", lambda f: f["id"] == slot_id, limit=20)
    assert chosen["checked"], chosen

    press_until(page, "Tab", lambda f: f["type"] == "checkbox" and f["label"] == "Sensors & IoT")
    page.keyboard.press("Space")
    press_until(page, "Tab", lambda f: f["tag"] == "TEXTAREA" and "discuss" in f["label"])
    page.keyboard.type("Maschinendaten erfassen")
    press_until(page, "Tab", lambda f: f["tag"] == "BUTTON" and f["label"] == "Send request")
    page.keyboard.press("Enter")

    expect(page.locator(".messages [role=status]")).to_be_visible()
    with unscoped("test assertions"):
        booked = ConsultationRequest.objects.get()
    assert booked.company_id == world.company.pk
    assert booked.slot_id == world.slot.pk
    assert booked.description == "Maschinendaten erfassen"
    assert [topic.slug for topic in booked.topics.all()] == ["sensors-iot"]
