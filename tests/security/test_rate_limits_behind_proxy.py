"""Rate limits behind a reverse proxy (issue #11): the portal counts each client, not the proxy.

A real HTTP proxy (tests/security/reverse_proxy.py) stands in front of the live server, as nginx
does in production; the clients connect from addresses of their own. In both of allauth's
configurations (the proxy count with X-Forwarded-For, and a client-address header):
- one client's wrong passwords lock that client out, not the others behind the same proxy;
- a client that sends its own forwarded headers, through the proxy or straight to the server,
  is still counted by its real address.

The live server and the proxy listen on ports the OS picks; locally, pass `--liveserver
127.0.0.1:PORT` and set PORTAL_TEST_PROXY_PORT to keep them in a range of your own.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.factories import PASSWORD, CompanyMemberFactory, UserFactory
from tests.security.reverse_proxy import Browser, ReverseProxy

# Five failures per address in five minutes (settings.ACCOUNT_RATE_LIMITS["login_failed"]).
FAILURES_ALLOWED = 5
FEEDBACK_ALLOWED = 5  # per address and hour (["accessibility_feedback"])

# The environment of each configuration (README, .env.example); the proxy is 127.0.0.1 here.
MODES = {
    # nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    "x-forwarded-for": {"ALLAUTH_TRUSTED_PROXY_COUNT": "1", "PORTAL_TRUSTED_PROXIES": "127.0.0.1"},
    # nginx: proxy_set_header X-Real-IP $remote_addr;
    "x-real-ip": {
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1/32",
    },
}
PROXY_SETTINGS = {
    "ALLAUTH_TRUSTED_PROXY_COUNT": 0,
    "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": None,
    "PORTAL_TRUSTED_PROXIES": [],
}


def settings_from(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict:
    """The proxy settings as portal/settings.py reads them from this environment."""
    import portal.settings as module

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    try:
        loaded = importlib.reload(module)
        return {name: getattr(loaded, name, default) for name, default in PROXY_SETTINGS.items()}
    finally:
        for name in environment:
            monkeypatch.delenv(name)
        importlib.reload(module)


@dataclass
class Stage:
    proxy: ReverseProxy
    server: tuple[str, int]

    def behind_proxy(self, address: str, **headers: str) -> Browser:
        return Browser("127.0.0.1", self.proxy.port, address, headers=headers)

    def direct(self, address: str, **headers: str) -> Browser:
        return Browser(*self.server, address, headers=headers)


@pytest.fixture(params=list(MODES))
def stage(request, live_server, settings, monkeypatch) -> Iterator[Stage]:
    for name, value in settings_from(MODES[request.param], monkeypatch).items():
        setattr(settings, name, value)
    thread = live_server.thread
    with ReverseProxy(
        thread.host, thread.port, port=int(os.environ.get("PORTAL_TEST_PROXY_PORT", 0))
    ) as proxy:
        yield Stage(proxy=proxy, server=("127.0.0.1", thread.port))


def sme(email: str) -> str:
    CompanyMemberFactory(user=UserFactory(email=email))
    return email


def fail_sign_ins(browser: Browser, times: int, spoofs: list[dict[str, str]] | None = None) -> None:
    """Wrong passwords for addresses that have no account (so only the per-address limit
    counts them, never a per-account one); `spoofs` are extra headers, one set per attempt."""
    for attempt in range(times):
        headers = spoofs[attempt % len(spoofs)] if spoofs else None
        assert not browser.sign_in(f"nobody-{attempt}@example.org", "wrong", headers=headers)


def test_behind_the_proxy_one_clients_wrong_passwords_do_not_lock_out_another(stage):
    alice, mallory = sme("alice@example.org"), sme("mallory@example.org")
    attacker = stage.behind_proxy("127.0.0.2")
    fail_sign_ins(attacker, FAILURES_ALLOWED + 1)
    assert not attacker.sign_in(mallory, PASSWORD), "the attacker's own address is locked"
    assert stage.behind_proxy("127.0.0.3").sign_in(alice, PASSWORD), (
        "another client behind the same proxy was locked out"
    )


def test_headers_sent_through_the_proxy_do_not_escape_or_move_the_limit(stage):
    alice, mallory = sme("alice@example.org"), sme("mallory@example.org")
    spoofs = [{"X-Forwarded-For": f"10.0.0.{n}", "X-Real-IP": f"10.0.0.{n}"} for n in range(1, 10)]
    # Pretending to be Alice's address does not charge Alice's counter ...
    spoofs.append({"X-Forwarded-For": "127.0.0.3", "X-Real-IP": "127.0.0.3"})
    attacker = stage.behind_proxy("127.0.0.4")
    fail_sign_ins(attacker, FAILURES_ALLOWED + 1, spoofs)
    # ... and changing the headers on every attempt did not escape the limit.
    assert not attacker.sign_in(mallory, PASSWORD, headers=spoofs[-2])
    assert stage.behind_proxy("127.0.0.3").sign_in(alice, PASSWORD)


def test_a_spoofed_header_from_a_client_not_behind_the_proxy_does_not_escape_the_limit(stage):
    """Straight to the server (not from a trusted proxy address): forwarded headers are the
    client's own words and are ignored; the connection's address is counted."""
    mallory = sme("mallory@example.org")
    spoofs = [
        {"X-Forwarded-For": f"198.51.100.{n}", "X-Real-IP": f"198.51.100.{n}"} for n in range(1, 10)
    ]
    outsider = stage.direct("127.0.0.5")
    fail_sign_ins(outsider, FAILURES_ALLOWED + 1, spoofs)
    assert not outsider.sign_in(mallory, PASSWORD, headers=spoofs[-1])


def test_behind_the_proxy_the_accessibility_feedback_limit_counts_each_client(stage):
    from privacy.models import LegalPage

    # Migration privacy 0002 seeds the page; a test before may have emptied the tables.
    LegalPage.objects.get_or_create(
        key="accessibility",
        defaults={"title_de": "B", "title_en": "A", "body_de": "-", "body_en": "-"},
    )
    flooder, other = stage.behind_proxy("127.0.0.6"), stage.behind_proxy("127.0.0.7")
    feedback = {"message": "The calendar cannot be used with a keyboard.", "name": "", "email": ""}
    answers = [
        flooder.post_form("/accessibility/", feedback).status for _ in range(FEEDBACK_ALLOWED + 1)
    ]
    assert answers == [302] * FEEDBACK_ALLOWED + [429]
    assert other.post_form("/accessibility/", feedback).status == 302
