"""What the browser journeys share: signing in, choosing a language, running axe-core."""

from __future__ import annotations

import json
import re
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import BrowserContext, Page

from portal.active_context import SESSION_KEY
from portal.models import User

# axe rules are tagged; these are WCAG 2.0/2.1 A and AA, what BITV 2.0 asks for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def totp_code(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def sign_in(page: Page, base: str, user: User, password: str) -> None:
    """Sign in through allauth's pages, with the authenticator code when the user has one."""
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        page.locator("input[name=code]").fill(totp_code(user))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.url


def use_session_of(context: BrowserContext, base: str, user: User, active: Any = None) -> None:
    """Give the browser a signed-in session of `user` (the sign-in itself is tested elsewhere).

    `active` is the context the navigation's switcher would choose (a partner id, "consortium").
    """
    client = Client()
    client.force_login(user)
    if active is not None:
        session = client.session
        session[SESSION_KEY] = str(active)
        session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def link_in_mail(pattern: str) -> str:
    for message in reversed(mail.outbox):
        match = re.search(pattern, message.body)
        if match:
            return match.group(0)
    raise AssertionError(f"no mail with {pattern!r}: {[m.subject for m in mail.outbox]}")


def axe_violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Serious and critical WCAG A/AA violations on the page as it is now.

    `page.evaluate` runs axe through the DevTools protocol, which the page's CSP does not
    govern (an inline <script> tag would be refused under `script-src 'self'`).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(
                    n => n.target.join(' ') + ' :: ' + n.html.slice(0, 160))}));
        }""",
        AXE_TAGS,
    )
    return [v for v in results if v["impact"] in BLOCKING]


def describe(violations_by_page: dict[str, list[dict[str, Any]]]) -> str:
    return json.dumps({k: v for k, v in violations_by_page.items() if v}, indent=1)
