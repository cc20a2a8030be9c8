"""seed_demo creates the demo world once; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from consulting.models import Company, CompanyMember
from portal.models import Membership, PartnerInstitution, Topic, User
from portal.tenancy import unscoped

pytestmark = pytest.mark.django_db

ACCOUNTS = (
    ["admin@m40.example"]
    + [
        f"{role}@{p}.example"
        for p in ("tu-ilmenau", "gfe", "eah-jena", "imms")
        for role in ("padmin", "consultant")
    ]
    + [f"sme{i}@example.com" for i in range(1, 7)]
)


def _snapshot() -> dict:
    with unscoped("compare the whole demo data"):
        return {
            "users": sorted(User.objects.values_list("email", "password", "is_consortium_admin")),
            "partners": sorted(PartnerInstitution.objects.values_list("slug", "name")),
            "topics": Topic.objects.count(),
            "memberships": sorted(
                Membership.objects.values_list("user__email", "partner__slug", "role")
            ),
            "companies": sorted(Company.objects.values_list("name", "lead_partner__slug")),
            "members": CompanyMember.objects.count(),
        }


def test_second_run_changes_nothing():
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first


def test_demo_world(settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False  # as `make run` does for the local demo
    call_command("seed_demo")
    assert sorted(PartnerInstitution.objects.values_list("slug", flat=True)) == [
        "eah-jena",
        "gfe",
        "imms",
        "tu-ilmenau",
    ]
    with unscoped("check the demo companies"):
        leads = set(Company.objects.values_list("lead_partner__slug", flat=True))
    assert {"tu-ilmenau", "gfe", "eah-jena", "imms"} <= leads  # later apps add unrouted ones
    for email in ACCOUNTS:
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": "Demo-2026!"})
        assert response.status_code == 302, email
        assert client.get("/dashboard/").status_code == 200, email
