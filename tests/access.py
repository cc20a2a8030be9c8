"""The reusable tenancy check for views: who gets 200 and who gets 404 for a URL.

    assert_access(url, allowed=[consultant_a, (admin, "consortium")], denied=[consultant_b, sme_b])

A user may be given as `(user, context)` to act in a chosen context (a partner id or
"consortium"), as the navigation's switcher would set it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.test import Client

from portal.active_context import SESSION_KEY

Actor = Any  # a User, or (User, context value)


def client_for(actor: Actor) -> Client:
    user, context = actor if isinstance(actor, tuple) else (actor, None)
    client = Client()
    client.force_login(user)
    if context is not None:
        session = client.session
        session[SESSION_KEY] = str(context)
        session.save()
    return client


def signed_in_with_password(user: Any, password: str) -> Client:
    """A real sign-in through allauth (records the login time that re-authentication checks)."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302, response
    return client


def _label(actor: Actor) -> str:
    user, context = actor if isinstance(actor, tuple) else (actor, None)
    return f"{user.email}" + (f" as {context}" if context else "")


def assert_access(
    url: str,
    *,
    allowed: Iterable[Actor] = (),
    denied: Iterable[Actor] = (),
    anonymous: int | None = None,
) -> None:
    """Allowed actors get 200, denied ones 404 (never 403: another tenant's row does not exist).

    `anonymous` is the expected status without login (e.g. 302 to the login page, or 200).
    """
    failures = []
    for actor in allowed:
        status = client_for(actor).get(url).status_code
        if status != 200:
            failures.append(f"{_label(actor)}: expected 200, got {status}")
    for actor in denied:
        status = client_for(actor).get(url).status_code
        if status != 404:
            failures.append(f"{_label(actor)}: expected 404, got {status}")
    if anonymous is not None:
        status = Client().get(url).status_code
        if status != anonymous:
            failures.append(f"anonymous: expected {anonymous}, got {status}")
    assert not failures, f"{url}:\n" + "\n".join(failures)
