"""Every URL pattern, as every role: no 500, no other tenant's data, no inline code for the CSP,
and no signed-in page or download that a browser or proxy may keep (Cache-Control).

The parameters are filled with tenant A's rows (tests/security/world.py). A's own people must get
answers without errors and without B's data; everybody else must not see A's data, and their
POSTs (empty forms, to every pattern) must leave A's rows exactly as they were.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.snapshot import tenant_snapshot
from tests.security.urlwalk import all_patterns, body_text, fetch, inline_code, urls_for
from tests.security.world import signed_in

pytestmark = pytest.mark.django_db

OWN = ("sme_a", "consultant_a", "admin_a")
OUTSIDERS = ("visitor", "sme_b", "consultant_b", "admin_b", "consortium")
# Ending the session would turn the rest of the walk into a visitor's walk.
NOT_POSTED = {"account_logout"}


def cache_problems(response: Any, url: str, signed_in: bool) -> list[str]:
    """Every answer to a signed-in user, and every download, must not be stored by a cache."""
    download = "Content-Disposition" in response
    if not (signed_in or download):
        return []
    directives = {d.strip() for d in response.get("Cache-Control", "").lower().split(",")}
    if "no-store" in directives or {"private", "no-cache"} <= directives:
        return []
    what = "download" if download else "signed-in answer"
    return [f"{url}: a {what} with Cache-Control {response.get('Cache-Control')!r}"]


def check(
    response: Any,
    error: str | None,
    url: str,
    forbidden: list[str],
    secret: bool,
    outsider: bool,
    signed_in: bool = False,
) -> list:
    if error is not None:
        return [f"{url}: exception\n{error}"]
    status = response.status_code
    if status >= 500:
        return [f"{url}: {status}"]
    caching = cache_problems(response, url, signed_in)
    if caching:
        return caching
    # Across tenants a row does not exist (404); inside its own tenant a role may be refused, and
    # allauth refuses the admin's login page to signed-in non-operators.
    if status == 403 and outsider and not url.startswith("/admin/"):
        return [f"{url}: 403 (another tenant's row must answer 404)"]
    if status != 200:
        return []
    problems = []
    text = body_text(response)
    if text is not None and not secret:
        lowered = text.lower()
        problems += [f"{url}: shows {m}" for m in forbidden if m.lower() in lowered]
    if response.get("Content-Type", "").startswith("text/html"):
        if "Content-Security-Policy" not in response:
            problems.append(f"{url}: no Content-Security-Policy header")
        problems += [f"{url}: {problem}" for problem in inline_code(text or "")]
    return problems


@pytest.mark.parametrize("actor", OWN + OUTSIDERS)
def test_every_url_as(actor, world):
    user, forbidden = world.actors()[actor]
    client = signed_in(user)
    outsider = actor in OUTSIDERS
    before = tenant_snapshot(world.a, actor=user)
    failures = []
    patterns = all_patterns()
    for pattern in patterns:
        rows = bool(pattern.params)  # a 403 only matters for a URL that names A's rows
        for url, secret in urls_for(world, pattern, strict=False):
            response, error = fetch(client, "GET", url)
            failures += check(
                response, error, url, forbidden, secret, outsider and rows, user is not None
            )
    if outsider:
        for pattern in patterns:
            if pattern.name in NOT_POSTED or pattern.route.startswith("admin/"):
                continue  # the admin refuses non-operators alike for every method
            rows = bool(pattern.params)
            for url, secret in urls_for(world, pattern, strict=False):
                if user is not None and client.session.get("_auth_user_id") != str(user.pk):
                    client.force_login(user)  # a POST may have signed the actor out
                response, error = fetch(client, "POST", url)
                failures += [
                    f"POST {f}"
                    for f in check(response, error, url, forbidden, secret, rows, user is not None)
                ]
        assert tenant_snapshot(world.a, actor=user) == before, (
            "an outsider's request changed A's rows"
        )
    assert not failures, f"{len(failures)} problem(s) as {actor}:\n" + "\n".join(failures)


def test_the_markers_show_where_they_belong(world):
    """The leak check can fail: A's own people do see A's markers on A's pages."""
    from tests.security.world import marker

    company = world.a.rows["company"]
    page = signed_in(world.a.consultant).get(f"/consulting/companies/{company.pk}/")
    assert marker("A", "company") in page.content.decode()
    session = world.a.rows["session"]
    page = signed_in(world.a.consultant).get(f"/consulting/sessions/{session.pk}/")
    assert marker("A", "session") in page.content.decode()
    page = signed_in(world.a.admin).get("/events/manage/")
    assert marker("A", "draft") in page.content.decode()


def test_every_pattern_with_parameters_can_be_filled(world):
    """A new URL pattern needs values in tests/security/urlwalk.py FILLS, or the walk skips it."""
    missing = []
    for pattern in all_patterns():
        try:
            urls_for(world, pattern)
        except AssertionError as error:
            missing.append(str(error))
    assert not missing, "\n".join(missing)


def test_the_walk_covers_the_apps(world):
    names = {pattern.name for pattern in all_patterns()}
    for expected in (
        "consulting:company_detail",
        "assessments:result",
        "events:manage_detail",
        "staff_list",
        "account_login",
        "admin:index",
    ):
        assert expected in names


def test_staff_without_second_factor_reaches_no_staff_page(world):
    """Item 7: every pattern but the public and account pages sends them to the TOTP set-up."""
    from tests.factories import MembershipFactory

    consultant = MembershipFactory(partner=world.a.partner, totp=False).user
    client = signed_in(consultant)
    from portal.middleware import MFA_EXEMPT_PREFIXES

    exempt = MFA_EXEMPT_PREFIXES  # public pages (legal texts included) and the account pages
    assert "/consulting/" not in exempt
    assert "/dashboard/" not in exempt
    reached = []
    for pattern in all_patterns():
        for url, _secret in urls_for(world, pattern, strict=False):
            if url == "/" or url.startswith(exempt):
                continue
            response = client.get(url)
            if (
                response.status_code != 302
                or response["Location"] != "/accounts/2fa/totp/activate/"
            ):
                reached.append(f"{url}: {response.status_code}")
    assert not reached, "\n".join(reached)


def test_inline_code_finder_finds_what_the_csp_refuses():
    html = (
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<script type="application/json">{}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">x</a></p>'
    )
    problems = inline_code(html)
    assert len(problems) == 5, problems
    assert inline_code('<p class="x"><script src="/a.js" defer></script></p>') == []
