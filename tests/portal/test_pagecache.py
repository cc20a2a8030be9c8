"""The whole-page cache: served again without rendering, forgotten on commit, never shared
between viewers, and the CSRF token of the page is always the requester's own."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.middleware.csrf import CSRF_TOKEN_LENGTH

from portal import pagecache
from tests.factories import UserFactory
from tests.portal import pagecache_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.pagecache_urls")]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture(autouse=True)
def _count_renders():
    pagecache_urls.renders.clear()
    pagecache._pages.clear()
    yield
    pagecache_urls.renders.clear()


def test_a_page_is_rendered_once_and_then_served_from_the_cache(client):
    first = client.get("/words/?w=hello")
    second = client.get("/words/?w=hello")
    assert first[pagecache.HIT_HEADER] == "miss"
    assert second[pagecache.HIT_HEADER] == "hit"
    assert "hello" in second.content.decode()
    assert pagecache_urls.renders == ["/words/?w=hello"]
    client.get("/words/?w=other")  # another query is another page
    assert pagecache_urls.renders == ["/words/?w=hello", "/words/?w=other"]


def test_forget_takes_effect_when_the_transaction_commits(
    client, django_capture_on_commit_callbacks
):
    client.get("/words/")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pagecache.forget("test.words")
        # Not yet committed: another request still gets the stored page.
        assert client.get("/words/")[pagecache.HIT_HEADER] == "hit"
    assert client.get("/words/")[pagecache.HIT_HEADER] == "miss"
    assert len(pagecache_urls.renders) == 2


def test_a_rolled_back_change_forgets_nothing(client, django_capture_on_commit_callbacks):
    client.get("/words/")

    def change_then_fail():
        with transaction.atomic():
            pagecache.forget("test.words")
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_then_fail()
    assert client.get("/words/")[pagecache.HIT_HEADER] == "hit"


def test_viewers_and_languages_never_share_a_page(client):
    alice = UserFactory(email="alice@example.com")
    bob = UserFactory(email="bob@example.com")
    client.force_login(alice)
    assert "alice@example.com" in client.get("/words/").content.decode()
    client.force_login(bob)
    page = client.get("/words/")
    assert page[pagecache.HIT_HEADER] == "miss"
    assert "bob@example.com" in page.content.decode()
    assert "alice" not in page.content.decode()
    client.logout()
    assert "anonymous" in client.get("/words/").content.decode()
    english = client.get("/words/", HTTP_ACCEPT_LANGUAGE="en")
    assert english[pagecache.HIT_HEADER] == "miss"
    assert len(pagecache_urls.renders) == 4


def test_each_requester_gets_a_valid_csrf_token_of_their_own(client):
    from django.test import Client

    client.get("/words/")
    other = Client(enforce_csrf_checks=True)
    page = other.get("/words/")
    assert page[pagecache.HIT_HEADER] == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert len(token) == CSRF_TOKEN_LENGTH
    assert "\x00" not in page.content.decode()
    # The token belongs to the cookie this requester was given: a POST with it passes the check.
    assert (
        other.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token}).status_code
        == 302
    )
    assert (
        other.post(
            "/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": "x" * 64}
        ).status_code
        == 403
    )


def test_signed_in_users_bypass_an_anonymous_only_page(client):
    client.get("/public/")
    assert client.get("/public/")[pagecache.HIT_HEADER] == "hit"
    client.force_login(UserFactory())
    assert pagecache.HIT_HEADER not in client.get("/public/")
    assert pagecache.HIT_HEADER not in client.get("/public/")


def test_pages_with_flash_messages_errors_and_opt_outs_are_not_stored(client):
    client.get("/flash/")
    flashed = client.get("/words/")
    assert "Saved." not in flashed.content.decode()  # our test page shows no messages...
    assert pagecache.HIT_HEADER not in flashed  # ...but it was not served from or into the cache
    client.get("/missing/")
    client.get("/missing/")
    client.get("/maybe/?skip=1")
    client.get("/maybe/?skip=1")
    client.get("/short/")
    client.get("/short/")
    assert pagecache_urls.renders == [
        "/words/",
        *["/missing/"] * 2,
        *["/maybe/?skip=1"] * 2,
        *["/short/"] * 2,
    ]


class BrokenCache:
    def __getattr__(self, name):
        def broken(*args, **kwargs):
            raise ConnectionError("cache down")

        return broken


def test_a_broken_cache_renders_the_page_instead(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pagecache, "cache", BrokenCache())
    assert client.get("/words/").status_code == 200
    assert client.get("/words/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pagecache.forget("test.words")  # logged, not raised
    assert len(pagecache_urls.renders) == 2


def test_a_changed_address_or_role_gets_a_fresh_page(client, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False  # the admin would be sent to set up TOTP first
    user = UserFactory(email="carla@example.com")
    client.force_login(user)
    client.get("/words/")
    user.email = "carla.new@example.com"
    user.save()
    page = client.get("/words/")
    assert page[pagecache.HIT_HEADER] == "miss"
    assert "carla.new@example.com" in page.content.decode()
    user.is_consortium_admin = True
    user.save()
    assert client.get("/words/")[pagecache.HIT_HEADER] == "miss"


def test_forget_all_forgets_every_declared_namespace(client, django_capture_on_commit_callbacks):
    from portal import reference
    from portal.admin import PartnerInstitutionAdmin, TopicAdmin

    client.get("/words/")
    client.get("/public/")
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.forget_all()
    assert client.get("/words/")[pagecache.HIT_HEADER] == "miss"
    assert client.get("/public/")[pagecache.HIT_HEADER] == "miss"
    # Partners and topics appear on many cached pages and fill the filters' lists
    # (portal/reference.py): their admin forgets all of them.
    assert PartnerInstitutionAdmin.forgets == TopicAdmin.forgets
    assert PartnerInstitutionAdmin.forgets == (pagecache.forget_all, reference.changed)
