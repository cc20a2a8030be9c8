"""The shared list helper: pages, search, sort (aria-sort), filters kept in every link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory

from portal import listing as listing_module
from portal.listing import Sort, build_listing
from portal.models import Topic
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def _topics() -> None:
    for n, name in enumerate(["Robotik", "Sensorik", "Additive Fertigung", "ERP", "Sensorik II"]):
        TopicFactory(slug=f"t{n}", name_de=name, name_en=name)


def _listing(query: dict, per_page: int = 2):
    request = RequestFactory().get("/x/", query)
    return build_listing(
        request,
        Topic.objects.all(),
        columns=[Sort("name", "Name", "name_de"), Sort("slug", "Slug", "slug"), "Plain"],
        default_sort="name",
        search_fields=("name_de", "name_en"),
        per_page=per_page,
    )


def _names(listing) -> list[str]:
    return [topic.name_de for topic in listing.page]


def test_sorts_by_the_default_column_and_marks_it_with_aria_sort():
    _topics()
    result = _listing({})
    assert _names(result) == ["Additive Fertigung", "ERP"]
    name, slug, plain = result.headers
    assert name.aria_sort == "ascending"
    assert slug.aria_sort == ""
    assert plain.url == ""
    assert parse_qs(urlsplit(name.url).query)["sort"] == ["-name"]  # a click turns it round
    assert parse_qs(urlsplit(slug.url).query)["sort"] == ["slug"]


def test_descending_sort_search_and_pages_keep_each_other_and_other_filters():
    _topics()
    result = _listing({"sort": "-name", "q": "  sensorik ", "status": "open", "page": "1"}, 1)
    assert _names(result) == ["Sensorik II"]
    assert result.total == 2
    assert result.search == "sensorik"
    assert result.headers[0].aria_sort == "descending"
    assert parse_qs(result.query) == {"sort": ["-name"], "q": ["  sensorik "], "status": ["open"]}
    header_query = parse_qs(urlsplit(result.headers[1].url).query)
    assert header_query == {"sort": ["slug"], "q": ["  sensorik "], "status": ["open"]}
    assert _names(_listing({"sort": "-name", "q": "sensorik", "page": "2"}, 1)) == ["Sensorik"]


def test_every_word_of_the_search_must_match():
    _topics()
    assert _names(_listing({"q": "sensorik ii"})) == ["Sensorik II"]
    assert _names(_listing({"q": "sensorik robotik"})) == []


@pytest.mark.parametrize(
    "query",
    [{"sort": "password"}, {"sort": "--name"}, {"page": "999"}, {"page": "x"}, {"q": "x" * 5000}],
)
def test_bad_values_fall_back_and_never_raise(query):
    _topics()
    result = _listing(query)
    assert result.sort == "name"
    assert len(result.search) <= listing_module.MAX_SEARCH
    assert result.page.number >= 1


def test_the_company_list_sorts_by_its_headings_with_aria_sort(client):
    from tests.access import client_for
    from tests.factories import CompanyFactory, MembershipFactory

    consultant = MembershipFactory().user
    partner = consultant.partner_memberships()[0].partner
    for name, city in (("Alpha GmbH", "Suhl"), ("Beta KG", "Erfurt"), ("Gamma AG", "Jena")):
        CompanyFactory(lead_partner=partner, name=name, city=city)
    staff = client_for(consultant)
    page = staff.get("/consulting/companies/", {"sort": "-city"})
    names = [c.name for c in page.context["page"]]
    assert names == ["Alpha GmbH", "Gamma AG", "Beta KG"]
    html = page.content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=city" in html  # the sorted heading turns the order round
