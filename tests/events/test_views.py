"""Workshop pages: the flows of participants and organisers through the pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import CalendarFeed, Event, Registration
from portal.tenancy import unscoped
from tests.access import client_for
from tests.events.factories import EventFactory, scope_of, sme, under_way
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

S = Registration.Status


# --- the participant's flow ---------------------------------------------------------------------


def test_visitor_is_sent_to_sign_in_and_back_to_the_event(world):
    event = world["event"]
    page = Client().get(event.get_absolute_url())
    assert f"{reverse('account_login')}?next={event.get_absolute_url()}" in page.content.decode()
    response = Client().post(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={event.get_absolute_url()}"


def test_a_full_workshop_puts_the_next_person_on_the_waitlist_who_is_promoted_by_email(world):
    event = world["event"]  # one seat, taken by sme_a
    newcomer = world["sme_b"]
    client = client_for(newcomer)
    page = client.get(event.get_absolute_url())
    assert "Join the waitlist" in page.content.decode()
    response = client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "you are on the waitlist" in response.content.decode()
    assert "You are number 1 on the waitlist" in response.content.decode()
    mail.outbox.clear()
    holder = client_for(world["sme_a"])
    holder.post(
        reverse("events:registration_cancel", args=[world["registration"].pk]),
        {"confirmed": "yes"},  # the confirm step (portal/confirm.py) said yes
    )
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert "You have a seat" in mail.outbox[0].subject
    page = client.get(event.get_absolute_url())
    assert "You have a seat." in page.content.decode()


def test_registering_after_the_window_closed_shows_a_message_and_changes_nothing(world):
    event = EventFactory(registration_closes=timezone.now() - timedelta(minutes=1))
    client = client_for(world["sme_b"])
    page = client.get(event.get_absolute_url())
    assert "Registration is closed." in page.content.decode()
    response = client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "Registration for this workshop is closed." in response.content.decode()
    with unscoped("test assertions"):
        assert not Registration.objects.filter(event=event).exists()


def test_online_link_only_for_confirmed_participants(world):
    event = EventFactory(
        capacity=1, format=Event.Format.ONLINE, venue="", online_url="https://meet.example/m40"
    )
    seated, waiting = sme(), sme()
    for person in (seated, waiting):
        client_for(person).post(reverse("events:register", args=[event.slug]))
    assert (
        "https://meet.example/m40"
        in client_for(seated).get(event.get_absolute_url()).content.decode()
    )
    for viewer in (client_for(waiting), Client(), client_for(world["sme_b"])):
        assert (
            "https://meet.example/m40" not in viewer.get(event.get_absolute_url()).content.decode()
        )
    assert b"meet.example" not in Client().get(reverse("events:ics", args=[event.slug])).content


def test_my_workshops_lists_own_registrations_only(world):
    page = client_for(world["sme_a"]).get(reverse("events:mine")).content.decode()
    assert "Cobots in der Montage" in page
    other = client_for(world["sme_b"]).get(reverse("events:mine")).content.decode()
    assert "Cobots in der Montage" not in other


def test_personal_feed_behind_a_revocable_token(world):
    client = client_for(world["sme_a"])
    client.post(reverse("events:feed_create"))
    feed = CalendarFeed.objects.get(user=world["sme_a"])
    url = feed.get_absolute_url()
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Cobots in der Montage" in response.content
    client.post(reverse("events:feed_create"))  # a new address replaces the old one
    assert Client().get(url).status_code == 404
    new_url = CalendarFeed.objects.get(user=world["sme_a"]).get_absolute_url()
    assert Client().get(new_url).status_code == 200
    client.post(reverse("events:feed_revoke"))
    assert Client().get(new_url).status_code == 404


def test_event_ics_download(world):
    event = world["event"]
    response = Client().get(reverse("events:ics", args=[event.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    assert b"SUMMARY:Cobots in der Montage" in response.content
    assert f"event-{event.pk}@portal40".encode() in response.content


def test_a_moved_then_cancelled_workshop_replaces_the_entry_in_saved_calendars(world):
    event, admin = world["event"], world["a_admin"]
    url = reverse("events:ics", args=[event.slug])

    def entry():
        (vevent,) = Calendar.from_ical(Client().get(url).content).walk("VEVENT")
        return vevent

    saved = entry()
    with scope_of(admin):
        topics = list(event.topics.all())
        services.update_event(
            actor=admin, event=event, data={"description": "Mit Vorführung."}, topics=topics
        )
    assert entry().decoded("sequence") == saved.decoded("sequence")  # nothing to move
    later = event.start + timedelta(days=1)
    with scope_of(admin):
        services.update_event(
            actor=admin,
            event=event,
            data={"start": later, "end": later + (event.end - event.start)},
            topics=topics,
        )
    moved = entry()
    with scope_of(admin):
        services.cancel_event(actor=admin, event=event, reason="Referent erkrankt")
    cancelled = entry()
    assert str(moved["uid"]) == str(cancelled["uid"]) == str(saved["uid"])
    assert saved.decoded("sequence") < moved.decoded("sequence") < cancelled.decoded("sequence")
    assert moved.decoded("dtstart") == later.replace(microsecond=0)
    assert [str(v["status"]) for v in (saved, moved, cancelled)] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert saved["organizer"].params["cn"] == event.organizer.short_name


def test_attendee_gets_certificate_and_gives_feedback_the_organiser_sees(world):
    registration = world["registration"]
    under_way(registration.event)
    organiser = client_for(world["a_consultant"])
    organiser.post(
        reverse("events:manage_toggle_check_in", args=[registration.pk]), {"present": "1"}
    )
    attendee = client_for(world["sme_a"])
    url = registration.get_absolute_url()
    attendee.post(reverse("events:certificate_request", args=[registration.pk]))
    assert "Download certificate" in attendee.get(url).content.decode()
    pdf = attendee.get(reverse("events:certificate_download", args=[registration.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert (
        client_for(world["sme_b"])
        .get(reverse("events:certificate_download", args=[registration.pk]))
        .status_code
        == 404
    )
    bad = attendee.post(reverse("events:feedback", args=[registration.pk]), {"rating": "9"})
    assert bad.status_code == 400
    attendee.post(
        reverse("events:feedback", args=[registration.pk]),
        {"rating": "4", "comment": "Sehr praxisnah"},
    )
    page = organiser.get(world["event"].get_manage_url()).content.decode()
    assert "1 rating, mean 4.0 of 5." in page
    assert "Sehr praxisnah" in page
    assert "<svg" in page
    assert 'role="img"' in page


def test_the_registration_page_offers_cancelling_only_while_the_service_accepts_it(world):
    registration, event = world["registration"], world["event"]  # confirmed, workshop ahead
    waiting = world["sme_b"]
    with scope_of(waiting):
        queued = services.register_for_event(event=event, user=waiting)

    def page(user, reg):
        return client_for(user).get(reg.get_absolute_url())

    cancel_url = reverse("events:registration_cancel", args=[registration.pk])
    assert cancel_url in page(world["sme_a"], registration).content.decode()
    assert "Leave the waitlist" in page(waiting, queued).content.decode()
    with unscoped("test set-up: the workshop is over"):
        Event.objects.filter(pk=event.pk).update(
            start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
        )
    assert cancel_url not in page(world["sme_a"], registration).content.decode()
    assert "Leave the waitlist" not in page(waiting, queued).content.decode()


# --- the organiser's flow -----------------------------------------------------------------------


def test_check_in_toggle_with_htmx_returns_the_row_and_without_js_redirects(world):
    registration = world["registration"]
    under_way(registration.event)
    client = client_for(world["a_consultant"])
    url = reverse("events:manage_toggle_check_in", args=[registration.pk])
    response = client.post(url, {"present": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="check-in-{registration.pk}"' in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()
    assert "1 of 1 participant present." in response.content.decode()
    response = client.post(url, {"present": "0"})
    assert response.status_code == 302
    assert response["Location"] == reverse("events:manage_check_in", args=[world["event"].slug])
    with unscoped("test assertions"):
        assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED


def test_checking_in_a_waitlisted_person_shows_the_reason(world):
    waiting = sme()
    client_for(waiting).post(reverse("events:register", args=[world["event"].slug]))
    with unscoped("test lookup"):
        registration = Registration.objects.get(user=waiting)
    client = client_for(world["a_consultant"])
    response = client.post(
        reverse("events:manage_toggle_check_in", args=[registration.pk]),
        {"present": "1"},
        headers={"HX-Request": "true"},
    )
    assert "Only confirmed participants can be checked in." in response.content.decode()


def test_check_in_page_lists_participants_and_finds_by_name(world):
    client = client_for(world["a_consultant"])
    url = reverse("events:manage_check_in", args=[world["event"].slug])
    page = client.get(url).content.decode()
    assert world["sme_a"].email in page or world["sme_a"].get_full_name() in page
    page = client.get(url, {"q": "nobody-by-this-name"}).content.decode()
    assert "Nobody found." in page


def test_csv_export_neutralises_formulas(world):
    with unscoped("test set-up"):
        world["sme_a"].first_name = '=HYPERLINK("http://evil")'
        world["sme_a"].save()
    response = client_for(world["a_admin"]).get(
        reverse("events:manage_export", args=[world["event"].slug])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert "'=HYPERLINK" in body
    assert ";=HYPERLINK" not in body


def test_capacity_form_refuses_less_than_confirmed_with_a_message(world):
    event = world["event"]
    client = client_for(world["a_admin"])
    url = reverse("events:manage_capacity", args=[event.slug])
    response = client.post(url, {"capacity": "-1"})
    assert response.status_code == 400
    assert "at least one seat" in response.content.decode()
    EventFactory  # noqa: B018 - keep import used in this module
    response = client.post(url, {"capacity": "3"})
    assert response.status_code == 302
    with unscoped("test assertions"):
        assert Event.objects.get(pk=event.pk).capacity == 3


def test_capacity_below_confirmed_is_refused_on_the_page(world):
    event = world["event"]
    for _ in range(2):
        client_for(sme()).post(reverse("events:register", args=[event.slug]))
    client = client_for(world["a_admin"])
    client.post(reverse("events:manage_capacity", args=[event.slug]), {"capacity": "3"})
    response = client.post(reverse("events:manage_capacity", args=[event.slug]), {"capacity": "2"})
    assert response.status_code == 400
    assert "lower than the 3 confirmed participants" in response.content.decode()


def test_partner_admin_creates_publishes_and_cancels_a_workshop(world):
    client = client_for(world["a_admin"])
    topic = TopicFactory()
    start = timezone.localtime() + timedelta(days=14)
    form = {
        "title": "Retrofit mit Funksensoren",
        "description": "Sensoren nachrüsten.",
        "topics": [topic.pk],
        "format": "on_site",
        "venue": "IMMS Ilmenau",
        "start": start.strftime("%Y-%m-%dT09:00"),
        "end": start.strftime("%Y-%m-%dT08:00"),
        "capacity": "12",
        "language": "de",
    }
    response = client.post(reverse("events:manage_create"), form)
    assert response.status_code == 400
    assert "The end must be after the start." in response.content.decode()
    form["end"] = start.strftime("%Y-%m-%dT13:00")
    response = client.post(reverse("events:manage_create"), form)
    assert response.status_code == 302
    with unscoped("test lookup"):
        event = Event.objects.get(title="Retrofit mit Funksensoren")
    assert event.status == Event.Status.DRAFT
    assert event.organizer_id == world["event"].organizer_id
    client.post(reverse("events:manage_publish", args=[event.slug]))
    assert Client().get(event.get_absolute_url()).status_code == 200
    person = sme()
    client_for(person).post(reverse("events:register", args=[event.slug]))
    mail.outbox.clear()
    client.post(reverse("events:manage_cancel", args=[event.slug]), {"reason": "Raum fehlt"})
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Raum fehlt" in mail.outbox[0].body


def test_edit_form_changes_the_workshop_but_not_the_seats(world):
    event = world["event"]
    client = client_for(world["a_admin"])
    page = client.get(reverse("events:manage_edit", args=[event.slug])).content.decode()
    assert 'name="capacity"' not in page
    start = timezone.localtime(event.start)
    response = client.post(
        reverse("events:manage_edit", args=[event.slug]),
        {
            "title": "Cobots – neu",
            "description": "Neu.",
            "topics": [t.pk for t in TopicFactory.create_batch(1)],
            "format": "on_site",
            "venue": "Halle 2",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "language": "de",
        },
    )
    assert response.status_code == 302
    with unscoped("test assertions"):
        assert Event.objects.get(pk=event.pk).title == "Cobots – neu"


# --- panels -------------------------------------------------------------------------------------


def test_navigation_home_and_dashboard_panels(world):
    home = Client().get(reverse("home")).content.decode()
    assert "Next workshops" in home
    assert "Cobots in der Montage" in home
    assert world["draft"].title not in home
    staff_page = client_for(world["a_consultant"]).get(reverse("dashboard")).content.decode()
    assert "Manage workshops" in staff_page
    assert world["draft"].title in staff_page  # the partner's own drafts, for its staff
    sme_page = client_for(world["sme_a"]).get(reverse("dashboard")).content.decode()
    assert "My workshops" in sme_page
    assert "Cobots in der Montage" in sme_page
    assert "Manage workshops" not in sme_page


def test_management_list_and_staff_dashboard_show_seats_and_waitlist(world):
    event, past = world["event"], world["past"]  # the one seat of `event` is taken by sme_a
    with scope_of(world["sme_b"]):
        services.register_for_event(event=event, user=world["sme_b"])  # on the waitlist
    row = re.escape(f'<a href="{event.get_manage_url()}">{event.title}</a>') + (
        r'[\s\S]*?<td class="text-end">1 / 1</td>\s*<td class="text-end">1</td>'
    )
    staff = client_for(world["a_consultant"])
    listing = staff.get(reverse("events:manage")).content.decode()
    assert re.search(row, listing)
    assert past.get_manage_url() not in listing  # upcoming ones by default, past ones on demand
    past_listing = staff.get(reverse("events:manage"), {"when": "past"}).content.decode()
    assert past.get_manage_url() in past_listing
    assert event.get_manage_url() not in past_listing
    dashboard = staff.get(reverse("dashboard")).content.decode()
    assert re.search(row, dashboard)
    assert "Upcoming workshops with seats taken and waitlist</caption>" in dashboard


def test_company_timeline_shows_attendance_only_to_those_who_may_see_it(world):
    from events.panels import company_timeline

    registration = world["registration"]
    under_way(registration.event)
    with scope_of(world["a_consultant"]):
        services.check_in(registration=registration, actor=world["a_consultant"])
    with unscoped("test lookup"):
        company = registration.company
    with scope_of(world["a_consultant"]):
        entries = company_timeline(company, world["a_consultant"])
    assert [e.kind for e in entries] == ["workshop"]
    assert "Cobots in der Montage" in entries[0].title
    with scope_of(world["b_consultant"]):
        assert company_timeline(company, world["b_consultant"]) == []
    with scope_of(world["sme_b"]):
        assert company_timeline(company, world["sme_b"]) == []


def test_signup_next_link_brings_a_new_user_back_to_the_workshop(world):
    event = world["event"]
    page = Client().get(event.get_absolute_url()).content.decode()
    match = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', page)
    assert match
    assert match.group(1).endswith(event.get_absolute_url())


def test_calendar_filters_narrow_the_list_and_bad_values_are_ignored_with_a_message(world):
    other = EventFactory(title="Datenanalyse kompakt")
    client = Client()
    page = client.get(reverse("events:list"), {"partner": other.organizer_id}).content.decode()
    assert "Datenanalyse kompakt" in page
    assert "Cobots in der Montage" not in page
    response = client.get(reverse("events:list"), {"month": "2026-13", "topic": "abc"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    assert "Cobots in der Montage" in response.content.decode()


def test_archive_lists_past_workshops(world):
    page = Client().get(reverse("events:archive")).content.decode()
    assert world["past"].title in page
    assert "Cobots in der Montage" not in page
