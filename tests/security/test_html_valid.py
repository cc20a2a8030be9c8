"""Valid HTML on every page the URL walk reaches, as every role: 0 errors of the W3C Nu Html
Checker (vnu, when installed: `make vnu`) and of our own checker of the errors vnu found here
(tests/htmlcheck.py), which runs everywhere."""

from __future__ import annotations

import pytest

from tests.htmlcheck import html_problems, vnu_available, vnu_errors
from tests.security.urlwalk import all_patterns, fetch, urls_for
from tests.security.world import signed_in

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "sme_a", "consultant_a", "admin_a", "consortium")


def _pages(world, actor: str) -> dict[str, str]:
    """Every HTML page (200) the actor reaches by GET, the Django admin's own pages aside."""
    user, _forbidden = world.actors()[actor]
    client = signed_in(user)
    pages = {}
    for pattern in all_patterns():
        if pattern.route.startswith("admin/") or pattern.name == "account_logout":
            continue
        for url, _secret in urls_for(world, pattern, strict=False):
            response, error = fetch(client, "GET", url)
            if (
                error is None
                and response.status_code == 200
                and response.get("Content-Type", "").startswith("text/html")
            ):
                pages[url] = response.content.decode()
    return pages


@pytest.mark.parametrize("actor", ROLES)
def test_every_page_is_valid_html(world, actor):
    pages = _pages(world, actor)
    assert len(pages) > 5
    ours = {url: problems for url, html in pages.items() if (problems := html_problems(html))}
    assert not ours, "\n".join(f"{url}: {p}" for url, problems in ours.items() for p in problems)
    errors = vnu_errors(pages)
    if errors is None:
        pytest.skip("vnu is not installed (make vnu); our own checker passed")
    assert not errors, "\n".join(f"{url}: {e}" for url, found in errors.items() for e in found)


def test_our_checker_finds_the_errors_vnu_reported():
    page = (
        '<form action=""><input type="date" value="07.12.2026" placeholder="TT.MM.JJJJ">'
        '<input type="month" placeholder="2026-05"><select placeholder="x"></select></form>'
        '<time datetime="2026-12-07T10:00:00.123456+01:00">x</time>'
        '<label for="nowhere">x</label><p id="a"></p><p id="a"></p>'
    )
    problems = "\n".join(html_problems(page))
    for expected in (
        'form action=""',
        'type="date"> with value "07.12.2026"',
        'placeholder on <input type="date">',
        'placeholder on <input type="month">',
        "placeholder on <select>",
        "123456",
        'label for="nowhere"',
        'duplicate id "a"',
    ):
        assert expected in problems
    assert (
        html_problems(
            '<form action="/x"><input type="date" value="2026-12-07"><input type="search" '
            'placeholder="Name"></form><time datetime="2026-12-07T10:00:00+0100">x</time>'
        )
        == []
    )


def test_vnu_is_found_when_installed():
    """Says whether this machine runs vnu (CI installs it with make vnu)."""
    if not vnu_available():
        pytest.skip("vnu is not installed (make vnu)")
    assert vnu_errors({"/x": "<!DOCTYPE html><html lang=en><title>x</title><p>ok"}) == {}
