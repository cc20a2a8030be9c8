"""Every page keeps a query budget, whatever the volume of data (issue #18).

The demo is seeded and each role walks the portal from its home and dashboard, following the
links of every page it gets (at most a few URLs per view, so that 10,000 company pages are not
all visited). Whatever pages exist are walked: a new app's pages are reached through the
navigation and the dashboards that link them. Each page is counted uncached (no stored page,
no kept piece) and must make at most BUDGET queries. Then `seed_demo --scale 1` adds about a
thousand companies, five thousand sessions, a thousand assessments and a hundred workshops,
and the very same URLs must make no more queries than before: a count that grows with the data
is an N+1 that a small test database hides.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from portal import fragments, pagecache
from portal.models import PartnerInstitution, User
from tests.access import client_for

pytestmark = pytest.mark.django_db

BUDGET = 25
# Known over budget, capped where they stand so they cannot grow (issue #18 is open on this):
# the consortium's figures gather from six apps since economics, labs and practice came, each
# with its figure set and a pass by partner. The fix is one read per app for both.
OVER_BUDGET = {"/reports/": 35}
PER_VIEW = 1  # URLs per view (and per view with a query string) that each role visits
MAX_PAGES = 80  # per role, as a brake
HREF = re.compile(r'href="([^"#]+)')
# Not pages: leaving, switching, downloads of bulk data and the operators' admin.
SKIP = re.compile(
    r"^/(admin/|accounts/(logout|confirm-email|password/reset/key)|i18n/|static/|media/)"
    r"|[?&]export=|^/my-data/\d+/export/|\.(ics|pdf|csv|xlsx)$"
)


def _roles() -> dict[str, Client]:
    tu = PartnerInstitution.objects.get(slug="tu-ilmenau")

    def user(email: str) -> User:
        return User.objects.get(email=email)

    return {
        "visitor": Client(),
        "sme": client_for(user("sme1@example.com")),
        "consultant": client_for((user("consultant@tu-ilmenau.example"), tu.pk)),
        "partner admin": client_for((user("padmin@tu-ilmenau.example"), tu.pk)),
        "consortium admin": client_for((user("admin@m40.example"), "consortium")),
    }


def _queries(client: Client, url: str) -> tuple[int, int, str]:
    """(status, queries, HTML) of one uncached GET."""
    pagecache._pages.clear()
    fragments.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    html = ""
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        html = response.content.decode()
    return response.status_code, len(queries), html


def _walk(client: Client) -> dict[str, int]:
    """URL -> queries for the pages a role reaches by following links from its home."""
    seen: set[str] = set()
    per_view: Counter[str] = Counter()
    counted: dict[str, int] = {}
    todo = ["/", "/dashboard/"]
    while todo and len(counted) < MAX_PAGES:
        url = todo.pop(0)
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        bucket = view + ("?" if "?" in url else "")
        if per_view[bucket] >= PER_VIEW:
            continue
        per_view[bucket] += 1
        status, queries, html = _queries(client, url)
        if status != 200:
            continue
        counted[url] = queries
        for link in HREF.findall(html):
            target = urljoin(url, link.replace("&amp;", "&"))
            if target.startswith("/") and not target.startswith("//"):
                todo.append(target)
    return counted


@pytest.fixture
def _demo(settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.usefixtures("_demo")
def test_every_page_keeps_its_budget_and_its_count_when_the_data_grows():
    walked = {role: _walk(client) for role, client in _roles().items()}
    for role, pages in walked.items():
        assert len(pages) >= 5, f"{role} reached only {sorted(pages)}"
    over = [
        f"{role} {url}: {queries}"
        for role, pages in walked.items()
        for url, queries in pages.items()
        if queries > OVER_BUDGET.get(url, BUDGET)
    ]
    assert not over, f"pages over {BUDGET} queries: {over}"

    call_command("seed_demo", scale=1, stdout=io.StringIO())
    changed = []
    for role, client in _roles().items():
        for url, before in walked[role].items():
            status, after, _ = _queries(client, url)
            # Fewer is fine: the first walk also read what a process keeps once (the
            # filters' lists, portal/reference.py).
            if status == 200 and after > before:
                changed.append(f"{role} {url}: {before} -> {after}")
    assert not changed, f"query counts that grow with the data: {changed}"
