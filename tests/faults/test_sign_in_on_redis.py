"""Sign-in rules with the production cache: Redis holds the failed-login counters (issue #7,
item 7: "the sixth wrong password in a row is refused; a staff user without a second factor
reaches no staff page").

The other account tests run on a per-test in-process cache (tests/conftest.py); in production
the counters must live in Redis, shared by every web process, or each process would allow its
own five guesses. Here the cache is the real Redis and the database PostgreSQL. The full walk
over every URL pattern for the second factor is
tests/security/test_url_walk.py::test_staff_without_second_factor_reaches_no_staff_page; the
TOTP set-up itself is tested in tests/portal/test_accounts.py::TestStaffSecondFactor.
"""

from __future__ import annotations

import uuid

import pytest
import redis
from django.test import Client
from django.urls import reverse

from tests.access import signed_in_with_password
from tests.factories import PASSWORD, CompanyMemberFactory, MembershipFactory


@pytest.fixture
def redis_cache(postgres, redis_url, settings, english_source_strings):
    """The cache as production configures it, under a key prefix of this test's own."""
    prefix = f"faults-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    client = redis.Redis.from_url(redis_url)
    try:
        yield client, prefix
    finally:
        # Not cache.clear(): it would flush the whole Redis db, the broker's keys included.
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def _login(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_the_sixth_wrong_password_in_a_row_is_refused_and_counted_in_redis(redis_cache):
    redis_client, prefix = redis_cache
    user = CompanyMemberFactory().user
    client = Client()
    for attempt in range(5):
        response = _login(client, user.email, "wrong")
        assert response.status_code == 200, attempt  # the form says the password is wrong
        assert b"Too many failed login attempts" not in response.content

    sixth = _login(client, user.email, "wrong")
    assert sixth.status_code in (200, 429)
    assert b"Too many failed login attempts" in sixth.content

    # The right password no longer gets in, nor from a fresh session (another web process
    # would find the same counters in Redis).
    for who in (client, Client()):
        response = _login(who, user.email, PASSWORD)
        assert response.status_code in (200, 429)
        assert who.get(reverse("dashboard")).status_code == 302
    counters = list(redis_client.scan_iter(f"{prefix}:*allauth:rl:*login_failed*"))
    assert counters, "the failed-login counters are not in Redis"


@pytest.mark.django_db
def test_staff_without_a_second_factor_reaches_no_staff_page(redis_cache):
    consultant = MembershipFactory(totp=False).user
    client = signed_in_with_password(consultant, PASSWORD)
    staff_pages = (
        reverse("dashboard"),
        reverse("staff_list"),
        "/consulting/companies/",
        "/consulting/requests/",
        "/events/manage/",
        "/reports/",
        "/admin/",
    )
    for url in staff_pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    assert client.get(reverse("home")).status_code == 200  # public pages stay open
