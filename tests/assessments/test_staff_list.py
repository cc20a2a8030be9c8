"""The staff list of completed assessments: paged, searched, sorted and filtered in the URL."""

from __future__ import annotations

import pytest

from consulting.models import Company
from portal import listing as listing_module
from portal.tenancy import unscoped
from tests.access import client_for
from tests.assessments.factories import completed, sme_user
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_staff_assessment_list_pages_searches_sorts_and_filters(monkeypatch):
    monkeypatch.setattr(listing_module, "PER_PAGE", 2)
    partner = MembershipFactory().partner
    users = [
        sme_user(name=f"Firma {name}", lead_partner=partner) for name in ("Anker", "Berg", "Cobalt")
    ]
    for user, level in zip(users, (1, 3, 2), strict=True):
        completed(user, level=level)
    with unscoped("test"):
        assert Company.objects.filter(lead_partner=partner).count() == 3
    consultant = MembershipFactory(partner=partner).user
    client = client_for(consultant)

    first = client.get("/assessments/")
    page = first.content.decode()
    assert [a.company.name for a in first.context["listing"].page] == ["Firma Cobalt", "Firma Berg"]
    assert 'aria-sort="descending"' in page
    assert "page=2" in page
    by_score = client.get("/assessments/", {"sort": "score"}).context["listing"]
    assert [a.company.name for a in by_score.page] == ["Firma Anker", "Firma Cobalt"]
    found = client.get("/assessments/", {"q": "berg"}).context["listing"]
    assert [a.company.name for a in found.page] == ["Firma Berg"]
    level = client.get("/assessments/", {"level": "2", "sort": "company"})
    assert [a.company.name for a in level.context["listing"].page] == ["Firma Cobalt"]
    assert 'name="sort" value="company"' in level.content.decode()  # the search form keeps it
