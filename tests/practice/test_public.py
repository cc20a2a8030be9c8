"""The library (filters, search on both databases, map), the feed and the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from practice.models import CaseStatus
from tests.events.factories import EventFactory
from tests.practice.factories import CaseFactory, NetworkPartnerFactory, published

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def library(world):
    rüst = published(
        company=world.company_a,
        title="Rüstzeiten halbiert an der Fräse",
        technologies=",machine_data,",
        topics=[world.sensors],
    )
    netz = published(
        company=world.company_b,
        title="Fertigungsnetz abgetrennt",
        starting_point="Büro und Maschinen hingen im selben Netz.",
        district="16053",
        size_class="micro",
        sector_section="C",
        technologies=",security,",
        topics=[world.security],
    )
    draft = CaseFactory(company=world.company_a, title="Geheimer Entwurf")
    return {"rüst": rüst, "netz": netz, "draft": draft}


def titles(response) -> list[str]:
    return [case.title for case in response.context["cases"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Rüstzeiten halbiert an der Fräse", "Fertigungsnetz abgetrennt"}),
        ({"district": "16053"}, {"Fertigungsnetz abgetrennt"}),
        ({"technology": "machine_data"}, {"Rüstzeiten halbiert an der Fräse"}),
        ({"size_class": "micro"}, {"Fertigungsnetz abgetrennt"}),
        ({"sector": "C"}, {"Rüstzeiten halbiert an der Fräse", "Fertigungsnetz abgetrennt"}),
        ({"sector": "F"}, set()),
    ],
)
def test_library_filters(world, library, query, expected):
    assert set(titles(Client().get("/practice/", query))) == expected


def test_library_filters_by_topic(world, library):
    response = Client().get("/practice/", {"topic": world.security.pk})
    assert titles(response) == ["Fertigungsnetz abgetrennt"]


def test_library_never_lists_a_draft(world, library):
    response = Client().get("/practice/", {"q": "Geheimer"})
    assert titles(response) == []
    assert "Geheimer Entwurf" not in response.content.decode()


def test_bad_filter_values_are_ignored_with_a_message(world, library):
    response = Client().get("/practice/", {"topic": "abc", "district": "x" * 50, "page": "-1"})
    assert response.status_code == 200
    assert b"not understood" in response.content


def test_search_finds_words_in_the_story(world, library):
    response = Client().get("/practice/", {"q": "selben Netz"})
    assert titles(response) == ["Fertigungsnetz abgetrennt"]


@pytest.mark.postgres
def test_postgres_search_uses_german_stems(world, library, postgres):
    # "Rüstzeit" finds "Rüstzeiten" through the German configuration's stemming
    response = Client().get("/practice/", {"q": "Rüstzeit"})
    assert titles(response) == ["Rüstzeiten halbiert an der Fräse"]
    response = Client().get("/practice/", {"q": "Netze"})
    assert titles(response) == ["Fertigungsnetz abgetrennt"]


def test_map_counts_cases_by_district_and_links_each_district(world, library):
    response = Client().get("/practice/")
    districts = {d.key: d for d in response.context["map"]["districts"]}
    assert len(districts) == 22
    assert districts["16070"].count == 1
    assert districts["16053"].count == 1
    assert districts["16051"].count == 0
    page = response.content.decode()
    assert 'href="/practice/?district=16053#results"' in page
    assert 'aria-label="Jena: 1 case"' in page


def test_case_page_links_to_next_steps_that_exist(world, library):
    EventFactory(organizer=world.partner_a, topics=[world.sensors], title="Sensorik-Workshop")
    response = Client().get(library["rüst"].get_absolute_url())
    page = response.content.decode()
    assert "Sensorik-Workshop" in page
    assert 'href="/consulting/book/"' in page
    assert 'href="/labs/"' in page  # the lab directory
    assert 'href="/economics/"' in page  # an investment appraisal
    assert "<title>Rüstzeiten halbiert an der Fräse" in page
    assert '<meta name="description"' in page


def test_similar_cases_share_a_topic(world, library):
    same = published(company=world.company_b, title="Auch Sensorik", topics=[world.sensors])
    response = Client().get(library["rüst"].get_absolute_url())
    assert [c.pk for c in response.context["similar"]] == [same.pk]


def test_views_of_published_cases_are_counted(world, library):
    from portal.tenancy import unscoped
    from practice.models import CaseViewDay

    for _ in range(3):
        Client().get(library["rüst"].get_absolute_url())
    with unscoped("test"):
        assert CaseViewDay.objects.get(case=library["rüst"]).views == 3


def test_feed_is_valid_atom_with_published_cases_only(world, library):
    response = Client().get("/practice/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    entries = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert set(entries) == {"Rüstzeiten halbiert an der Fräse", "Fertigungsnetz abgetrennt"}


def test_sitemap_is_valid_xml_with_every_public_page(world, library):
    network = NetworkPartnerFactory()
    event = EventFactory(organizer=world.partner_a)
    response = Client().get("/sitemap.xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    locations = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    host = "http://testserver"
    assert f"{host}/practice/" in locations
    assert f"{host}/labs/" in locations
    assert f"{host}{library['rüst'].get_absolute_url()}" in locations
    assert f"{host}{network.get_absolute_url()}" in locations
    assert f"{host}{event.get_absolute_url()}" in locations
    assert f"{host}{world.partner_a.get_absolute_url()}" in locations
    assert f"{host}{library['draft'].get_absolute_url()}" not in locations
    assert library["draft"].status == CaseStatus.DRAFT


def test_workshop_page_shows_cases_on_its_topics_until_withdrawn(
    world, library, django_capture_on_commit_callbacks
):
    from portal.tenancy import partner_scope
    from practice import services

    event = EventFactory(organizer=world.partner_a, topics=[world.sensors])
    page = Client().get(event.get_absolute_url()).content.decode()
    assert "Rüstzeiten halbiert an der Fräse" in page
    assert "Fertigungsnetz abgetrennt" not in page  # another topic
    with partner_scope(world.partner_a), django_capture_on_commit_callbacks(execute=True):
        services.withdraw_case(actor=world.admin_a, case=library["rüst"])
    # the cached workshop page was forgotten with the withdrawal
    assert "Rüstzeiten halbiert" not in Client().get(event.get_absolute_url()).content.decode()


def test_assessment_result_recommends_cases_for_weak_dimensions(world):
    from tests.access import client_for
    from tests.assessments.factories import completed
    from tests.factories import TopicFactory

    slugs = [
        "sensors-iot",
        "data-ai",
        "erp-mes",
        "qualification",
        "business-models",
        "automation-robotics",
        "it-security",
        "digital-twin",
    ]
    topics = [TopicFactory(slug=slug) for slug in slugs]
    case = published(company=world.company_b, title="Vorbild für Einsteiger", topics=topics)
    assessment, _result = completed(world.sme_a, level=1)
    page = client_for(world.sme_a).get(f"/assessments/{assessment.pk}/")
    assert page.status_code == 200
    assert case.title in page.content.decode()
