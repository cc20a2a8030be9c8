"""The public workshop pages from the page cache (issue #6): served again while nothing changed,
right at once after every change a person makes through the pages or the services, and changed
by time alone (a registration closes, a workshop ends) without any write."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from events.pagecache import calendar_changed
from portal.pagecache import HIT_HEADER
from portal.tenancy import unscoped
from tests.access import client_for
from tests.events.factories import EventFactory, scope_of, sme, staff, under_way

pytestmark = pytest.mark.django_db

CALENDAR = reverse("events:list")
ARCHIVE = reverse("events:archive")

CONFIRMED = {"confirmed": "yes"}  # the confirm step (portal/confirm.py) said yes


def card(page, title: str) -> str:
    """The calendar card of the workshop called `title` ("" when it is not listed)."""
    html = page.content.decode()
    found = [part for part in html.split("<article")[1:] if f">{title}</a>" in part]
    assert len(found) <= 1
    return found[0].split("</article>")[0] if found else ""


def without_token(page) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.content.decode())


def visit(url: str = CALENDAR):
    return Client().get(url)


@pytest.fixture
def workshop(world):
    """Two seats, nobody registered yet; organised by partner A of `world`."""
    return EventFactory(organizer=world["event"].organizer, title="Sensorik", capacity=2)


def test_the_calendar_is_served_from_the_cache_while_nothing_changes(workshop):
    first = visit()
    assert first[HIT_HEADER] == "miss"
    again = visit()
    assert again[HIT_HEADER] == "hit"
    assert without_token(again) == without_token(first)  # each visitor gets a token of their own
    assert "2 seats free" in card(again, "Sensorik")
    detail = workshop.get_absolute_url()
    assert visit(detail)[HIT_HEADER] == "miss"
    assert visit(detail)[HIT_HEADER] == "hit"
    assert visit(ARCHIVE)[HIT_HEADER] == "miss"
    assert visit(ARCHIVE)[HIT_HEADER] == "hit"


def test_signed_in_people_always_get_a_fresh_page(world, workshop):
    person = client_for(world["sme_b"])
    for url in (CALENDAR, workshop.get_absolute_url()):
        visit(url)
        page = person.get(url)
        assert page.status_code == 200
        assert HIT_HEADER not in page
    assert "My workshops" in person.get(CALENDAR).content.decode()


def test_registrations_cancellations_promotions_and_seats_show_at_once(world, workshop):
    register = reverse("events:register", args=[workshop.slug])
    detail = workshop.get_absolute_url()
    assert "2 seats free" in card(visit(), "Sensorik")
    assert "2 seats free" in visit(detail).content.decode()
    first, second, third = sme(), sme(), sme()
    client_for(first).post(register)
    assert "1 seat free" in card(visit(), "Sensorik")
    assert "1 seat free" in visit(detail).content.decode()
    client_for(second).post(register)
    assert "Fully booked" in card(visit(), "Sensorik")
    assert "Fully booked" in visit(detail).content.decode()
    client_for(third).post(register)  # waitlisted
    assert visit()[HIT_HEADER] == "miss"  # forgotten: the page is rendered again...
    assert "Fully booked" in card(visit(), "Sensorik")  # ...and looks the same
    # More seats: the waitlisted person moves up, one seat of four is left.
    client_for(world["a_admin"]).post(
        reverse("events:manage_capacity", args=[workshop.slug]), {"capacity": "4"}
    )
    with unscoped("test assertions"):
        assert Registration.objects.get(user=third, event=workshop).status == "confirmed"
    assert "1 seat free" in card(visit(), "Sensorik")
    # The first person cancels through their registration page.
    with unscoped("test lookup"):
        registration = Registration.objects.get(user=first, event=workshop)
    client_for(first).post(reverse("events:registration_cancel", args=[registration.pk]), CONFIRMED)
    assert "2 seats free" in card(visit(), "Sensorik")
    assert "2 seats free" in visit(detail).content.decode()


def test_a_cancellation_that_promotes_from_the_waitlist_shows_at_once(world):
    event = world["event"]  # one seat, taken by sme_a
    client_for(world["sme_b"]).post(reverse("events:register", args=[event.slug]))
    assert "Fully booked" in card(visit(), event.title)
    client_for(world["sme_a"]).post(
        reverse("events:registration_cancel", args=[world["registration"].pk]), CONFIRMED
    )
    # sme_b moved up: still full, but the page was rendered again from the new figures.
    page = visit()
    assert page[HIT_HEADER] == "miss"
    assert "Fully booked" in card(page, event.title)
    organiser = client_for(world["a_admin"])
    with unscoped("test lookup"):
        promoted = Registration.objects.get(user=world["sme_b"], event=event)
    organiser.post(reverse("events:manage_registration_cancel", args=[promoted.pk]), CONFIRMED)
    assert "1 seat free" in card(visit(), event.title)


def test_publishing_editing_and_cancelling_a_workshop_show_at_once(
    world, django_capture_on_commit_callbacks
):
    admin = world["a_admin"]
    organiser = client_for(admin)
    draft = world["draft"]
    assert card(visit(), draft.title) == ""
    organiser.post(reverse("events:manage_publish", args=[draft.slug]))
    assert "seats free" in card(visit(), draft.title)
    with scope_of(admin), django_capture_on_commit_callbacks(execute=True):
        with unscoped("test lookup"):
            published = Event.objects.get(pk=draft.pk)
            topics = list(published.topics.all())
        services.update_event(
            actor=admin, event=published, data={"title": "Digitaler Zwilling"}, topics=topics
        )
    page = visit()
    assert card(page, draft.title) == ""
    assert "seats free" in card(page, "Digitaler Zwilling")
    organiser.post(reverse("events:manage_cancel", args=[draft.slug]), {"reason": "Raum fehlt"})
    assert card(visit(), "Digitaler Zwilling") == ""
    assert "This workshop was cancelled." in visit(draft.get_absolute_url()).content.decode()


def test_a_new_workshop_and_the_end_of_the_day_jobs_forget_the_pages(
    world, django_capture_on_commit_callbacks
):
    admin = world["a_admin"]
    visit()
    with scope_of(admin), django_capture_on_commit_callbacks(execute=True):
        with unscoped("test lookup"):
            topics = list(world["event"].topics.all())
        start = timezone.now() + timedelta(days=20)
        services.create_event(
            actor=admin,
            partner=world["event"].organizer,
            data={
                "title": "Entwurf",
                "description": "Noch nicht öffentlich.",
                "format": "online",
                "online_url": "https://meet.example.org/x",
                "start": start,
                "end": start + timedelta(hours=2),
            },
            capacity=5,
            topics=topics,
        )
    page = visit()
    assert page[HIT_HEADER] == "miss"
    assert card(page, "Entwurf") == ""  # a draft stays off the public pages
    # A workshop that ended yesterday is completed by the beat job: the archive is told.
    held = EventFactory(
        organizer=world["event"].organizer,
        title="Gestern",
        start=timezone.now() - timedelta(days=1),
        end=timezone.now() - timedelta(days=1) + timedelta(hours=2),
    )
    assert "Held" in card(visit(ARCHIVE), "Gestern")
    assert visit(ARCHIVE)[HIT_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.complete_finished_events() == 1
    assert visit(ARCHIVE)[HIT_HEADER] == "miss"
    with unscoped("test assertions"):
        assert Event.objects.get(pk=held.pk).status == Event.Status.COMPLETED


def test_checking_in_forgets_the_pages(world, django_capture_on_commit_callbacks):
    registration = world["registration"]
    organiser = staff(world["event"])
    under_way(world["event"], started=timedelta(minutes=-30))  # check-in opens before the start
    visit()
    assert visit()[HIT_HEADER] == "hit"
    with scope_of(organiser), django_capture_on_commit_callbacks(execute=True):
        services.check_in(registration=registration, actor=organiser)
    page = visit()
    assert page[HIT_HEADER] == "miss"
    assert "Fully booked" in card(page, world["event"].title)  # an attended seat is still taken


def test_seeding_the_demo_shows_its_workshops_at_once(django_capture_on_commit_callbacks):
    assert "No upcoming workshops" in visit().content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    page = visit()
    assert page[HIT_HEADER] == "miss"
    assert "No upcoming workshops" not in page.content.decode()


def test_a_registration_that_closes_changes_the_page_without_any_write(world):
    closes = timezone.now() + timedelta(seconds=2)
    EventFactory(
        organizer=world["event"].organizer, title="Kurzfristig", registration_closes=closes
    )
    assert "10 seats free" in card(visit(), "Kurzfristig")
    assert visit()[HIT_HEADER] == "hit"
    time.sleep(max(0, (closes - timezone.now()).total_seconds()) + 0.1)
    page = visit()
    assert page[HIT_HEADER] == "miss"
    assert "Registration closed" in card(page, "Kurzfristig")


def test_a_workshop_that_ends_leaves_the_calendar_without_any_write(world):
    ends = timezone.now() + timedelta(seconds=2)
    event = EventFactory(
        organizer=world["event"].organizer,
        title="Läuft gerade",
        start=timezone.now() - timedelta(hours=1),
        end=ends,
    )
    assert "Registration closed" in card(visit(), "Läuft gerade")  # it has started
    assert "Registration closed" in visit(event.get_absolute_url()).content.decode()
    assert visit()[HIT_HEADER] == "hit"
    time.sleep(max(0, (ends - timezone.now()).total_seconds()) + 0.1)
    assert card(visit(), "Läuft gerade") == ""
    assert "Held" in card(visit(ARCHIVE), "Läuft gerade")
    assert "Held" in visit(event.get_absolute_url()).content.decode()


def test_a_registration_that_opens_later_says_when(world):
    opens = timezone.localtime() + timedelta(days=2)
    EventFactory(organizer=world["event"].organizer, title="Bald", registration_opens=opens)
    assert f"Registration opens on {opens:%-d}." in card(visit(), "Bald")


def test_an_operators_admin_change_forgets_the_pages(world, django_capture_on_commit_callbacks):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from tests.factories import UserFactory

    event = world["event"]
    visit()
    operator = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().post("/admin/")
    request.user = operator
    model_admin = site._registry[Event]
    with unscoped("admin"), django_capture_on_commit_callbacks(execute=True):
        locked = Event.objects.get(pk=event.pk)
        locked.capacity = 5
        model_admin.save_model(request, locked, form=None, change=True)
    assert "4 seats free" in card(visit(), event.title)


def test_calendar_pages_keep_the_same_queries_whatever_the_number_of_workshops(
    world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    def forget():
        with django_capture_on_commit_callbacks(execute=True):
            calendar_changed()  # factories bypass the services

    # The first page of a process also reads the filter's topics and partners (kept until the
    # admin changes them, portal/reference.py); then a calendar page is one query (issue #18).
    with django_assert_num_queries(3):
        few = visit()
    for n in range(30):
        EventFactory(organizer=world["event"].organizer, title=f"Reihe {n:02}")
    forget()
    with django_assert_num_queries(1):
        first = visit()
    with django_assert_num_queries(1):
        second = visit(f"{CALENDAR}?page=2")
    assert len(few.context["events"]) == 1
    assert len(first.context["events"]) == 24
    assert len(second.context["events"]) == 31 - 24
    assert "31 workshops" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()
    assert card(second, "Reihe 29")
    with django_assert_num_queries(2):  # the archive counts apart from its page
        assert visit(ARCHIVE).status_code == 200


def test_a_cancelled_workshop_that_ends_reaches_the_cached_archive(world):
    now = timezone.now()
    EventFactory(
        organizer=world["event"].organizer,
        title="Abgesagt",
        status=Event.Status.CANCELLED,
        start=now - timedelta(hours=1),
        end=now + timedelta(seconds=2),
    )
    assert card(Client().get(ARCHIVE), "Abgesagt") == ""
    time.sleep(2.5)  # it has ended: the archive lists it now, without any write
    assert card(Client().get(ARCHIVE), "Abgesagt") != ""


def test_deleting_a_user_in_the_admin_frees_the_seat_on_the_cached_calendar(world):
    from django.conf import settings

    from tests.factories import UserFactory, give_second_factor

    event = world["event"]  # one seat, taken by sme_a
    assert "Fully booked" in card(Client().get(CALENDAR), event.title)
    operator = give_second_factor(UserFactory(is_staff=True, is_superuser=True))
    admin = Client()
    admin.force_login(operator)
    response = admin.post(
        f"/{settings.ADMIN_URL}portal/user/{world['sme_a'].pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert "1 seat free" in card(Client().get(CALENDAR), event.title)
