"""The staff navigation fits: one line at 1280 px with the rest under "More", a menu at 375 px,
and no page scrolls sideways. Screenshots go to the pytest tmp dir for a look by eye."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import use_session_of

STAFF_PAGES = ["/dashboard/", "/consulting/companies/", "/consulting/requests/", "/reports/"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_staff_navigation_fits_at_1280_and_opens_more_by_keyboard(
    make_context, live_server, world, language, tmp_path
):
    context = make_context(language, viewport={"width": 1280, "height": 800})
    use_session_of(context, live_server.url, world.admin, active=world.partner.pk)
    page = context.new_page()
    for path in STAFF_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
        nav = page.locator("#site-nav .navbar-nav").bounding_box()
        assert nav is not None
        assert nav["height"] < 60, (path, nav)  # one line
    page.screenshot(path=tmp_path / f"nav-1280-{language}.png")
    more = page.locator(".nav-more summary")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".nav-more-menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".nav-more-menu")).to_be_hidden()
    expect(more).to_be_focused()


def test_staff_navigation_collapses_into_a_menu_at_375(make_context, live_server, world):
    context = make_context("de", viewport={"width": 375, "height": 800})
    use_session_of(context, live_server.url, world.admin, active=world.partner.pk)
    page = context.new_page()
    for path in STAFF_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    expect(page.locator("#site-nav")).to_be_hidden()
    page.get_by_role("button", name="Menü", exact=True).click()
    expect(page.locator("#site-nav")).to_be_visible()
