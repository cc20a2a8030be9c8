"""The calendar rendered for every distinct URL (issue #18): its cards and filter are kept as
pieces keyed by what they show, so a change shows at once even where no page cache answers,
and the filter's topics and partners are read once until the admin changes them."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event
from events.pagecache import calendar_changed
from portal import fragments, pagecache, reference
from portal.models import Topic
from portal.tenancy import unscoped
from tests.access import client_for
from tests.events.factories import EventFactory, scope_of
from tests.events.test_calendar_cache import card

pytestmark = pytest.mark.django_db

CALENDAR = reverse("events:list")


@pytest.fixture(autouse=True)
def _fresh_pieces():
    fragments.clear()
    yield
    fragments.clear()


def uncached(url: str = CALENDAR, language: str = "de") -> str:
    """The calendar as a visitor gets it when no stored page answers (a distinct URL)."""
    pagecache._pages.clear()
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_piece_is_kept_by_its_key_and_rendered_again_for_another():
    template = Template('{% load fragments %}{% fragment "t" key %}{{ word }}{% endfragment %}')
    assert template.render(Context({"key": 1, "word": "eins"})) == "eins"
    assert template.render(Context({"key": 1, "word": "zwei"})) == "eins"  # kept
    assert template.render(Context({"key": 2, "word": "zwei"})) == "zwei"


def test_a_piece_with_a_csrf_token_is_never_kept():
    template = Template(
        '{% load fragments %}{% fragment "t" 1 %}'
        '<input name="csrfmiddlewaretoken" value="{{ token }}">{% endfragment %}'
    )
    assert "eins" in template.render(Context({"token": "eins"}))
    assert "zwei" in template.render(Context({"token": "zwei"}))


def test_a_card_shows_every_change_of_what_it_shows(world, django_capture_on_commit_callbacks):
    event = EventFactory(organizer=world["event"].organizer, title="Sensorik", capacity=3)
    assert "3 seats free" in uncached(language="en")
    with (
        unscoped("test: a change, as a service makes it"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Event.objects.filter(pk=event.pk).update(title="Sensorik kompakt", capacity=1)
        calendar_changed()
    html = uncached(language="en")
    assert "Sensorik kompakt" in html
    assert "1 seat free" in html
    assert ">Sensorik<" not in html


def test_the_results_are_kept_until_the_calendar_changes(world, django_assert_num_queries):
    uncached(f"{CALENDAR}?format=online")
    with django_assert_num_queries(0):  # another URL, the same results: nothing is read again
        uncached(f"{CALENDAR}?format=online&utm_source=newsletter")


def test_a_signed_in_visitor_sees_a_registration_at_once(world, django_capture_on_commit_callbacks):
    event = EventFactory(organizer=world["event"].organizer, title="Robotik", capacity=2)
    visitor = client_for(world["sme_b"])
    assert "2 seats free" in card(visitor.get(CALENDAR, HTTP_ACCEPT_LANGUAGE="en"), "Robotik")
    with scope_of(world["sme_a"]), django_capture_on_commit_callbacks(execute=True):
        services.register_for_event(event=event, user=world["sme_a"])  # forgets on commit
    assert "1 seat free" in card(visitor.get(CALENDAR, HTTP_ACCEPT_LANGUAGE="en"), "Robotik")


def test_time_alone_changes_a_card(world):
    EventFactory(
        organizer=world["event"].organizer,
        title="Bald offen",
        registration_opens=timezone.now() + timedelta(seconds=1),
    )
    assert "Registration opens on" in uncached(language="en")
    time.sleep(1.1)  # nothing is written: the kept results end when the registration opens
    html = uncached(language="en")
    assert "seats free" in html.split("Bald offen")[1].split("</article>")[0]


def test_cards_and_filter_follow_the_language(world):
    english = uncached(language="en")
    german = uncached(language="de")
    assert "Workshop calendar" in english
    assert ">Topic</label>" in english
    assert "Workshop-Kalender" in german
    assert ">Thema</label>" in german


def test_filter_values_are_kept_and_bad_ones_explained(world):
    topic = world["event"].topics.first()
    html = uncached(f"{CALENDAR}?topic={topic.pk}&month=2026-13", language="en")
    assert f'<option value="{topic.pk}" selected>' in html
    assert 'aria-invalid="true"' in html
    assert "Enter the month as year and month" in html
    plain = uncached(CALENDAR, language="en")
    assert f'<option value="{topic.pk}" selected>' not in plain
    assert 'aria-invalid="true"' not in plain


def test_the_filters_lists_are_read_once_until_the_admin_changes_them(
    world, django_capture_on_commit_callbacks, django_assert_num_queries
):
    uncached()
    with django_assert_num_queries(0):  # the lists and the results are kept
        uncached()
    with unscoped("test: a new topic"):
        Topic.objects.create(slug="neu", name_de="Neues Thema", name_en="New topic")
    assert "Neues Thema" not in uncached()  # not yet told
    with django_capture_on_commit_callbacks(execute=True):
        reference.changed()  # what the admin of topics and partners does
    assert "Neues Thema" in uncached()
