"""Issue #13: cancelling and declining ask once more (without JavaScript), and a consultant's
week with their consultations, their partner's workshops and overdue follow-ups, also as a
calendar file."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from consulting import services
from consulting.models import FollowUp, MeetingFormat, RequestStatus, Stage
from events.models import Registration
from portal.tenancy import unscoped
from tests.access import client_for
from tests.consulting.factories import SlotFactory
from tests.events.factories import EventFactory, scope_of
from tests.lifecycle import reload


def _request(world):
    return services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Mo",
    )


def test_cancelling_a_request_asks_once_more_and_then_cancels(world):
    request = _request(world)
    client = client_for(world.sme_a)
    url = reverse("consulting:request_cancel", args=[request.pk])
    page = client.post(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cancel your consultation request" in html
    assert 'name="confirmed" value="yes"' in html
    assert f'action="{url}"' in html
    assert request.get_absolute_url() in html  # the way back
    assert reload(request).status == RequestStatus.SUBMITTED  # nothing happened yet
    client.post(url, {"confirmed": "yes"})
    assert reload(request).status == RequestStatus.CANCELLED


def test_declining_asks_once_more_and_carries_the_reason(world):
    request = _request(world)
    client = client_for(world.consultant_a)
    url = reverse("consulting:request_decline", args=[request.pk])
    page = client.post(url, {"reason": "Kein Platz <bis März>"}).content.decode()
    assert "Decline request" in page
    assert 'name="reason" value="Kein Platz &lt;bis März&gt;"' in page
    assert reload(request).status == RequestStatus.SUBMITTED
    client.post(url, {"reason": "Kein Platz <bis März>", "confirmed": "yes"})
    request = reload(request)
    assert request.status == RequestStatus.DECLINED
    assert request.decline_reason == "Kein Platz <bis März>"


def test_cancelling_a_registration_asks_once_more(world):
    from events import services as events_services

    event = EventFactory(organizer=world.partner_a, title="Sensorik kompakt")
    with scope_of(world.sme_a):
        registration = events_services.register_for_event(event=event, user=world.sme_a)
    client = client_for(world.sme_a)
    url = reverse("events:registration_cancel", args=[registration.pk])
    assert "Sensorik kompakt" in client.post(url).content.decode()
    assert reload(registration).status == Registration.Status.CONFIRMED
    client.post(url, {"confirmed": "yes"})
    assert reload(registration).status == Registration.Status.CANCELLED


def _this_week_at(days, hour):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    day = monday + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


def test_my_week_shows_consultations_workshops_and_overdue_follow_ups(world):
    start = _this_week_at(3, 10)
    slot = SlotFactory(
        partner=world.partner_a,
        consultant=world.consultant_a,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    with unscoped("test set-up: booked before this week began"):
        request = _request(world)
        type(request).objects.filter(pk=request.pk).update(
            slot=slot,
            consultant=world.consultant_a,
            scheduled_start=slot.starts_at,
            scheduled_end=slot.ends_at,
            status=RequestStatus.SCHEDULED,
        )
    EventFactory(
        organizer=world.partner_a,
        title="Sensorik kompakt",
        start=_this_week_at(2, 9),
        end=_this_week_at(2, 12),
    )
    EventFactory(title="Workshop of another partner", start=_this_week_at(2, 9))
    services.log_session(
        actor=world.consultant_a,
        partner=world.partner_a,
        company=world.company_a,
        date=timezone.localdate(),
        duration_minutes=60,
        format=MeetingFormat.ON_SITE,
        stage=Stage.FIRST_CONTACT,
        topics=[world.sensors],
        summary="x",
        follow_ups=[
            services.FollowUpData("Angebot schicken", world.consultant_a, timezone.localdate())
        ],
    )
    with unscoped("test: the due date passes"):
        FollowUp.objects.update(due_date=timezone.localdate() - timedelta(days=10))

    client = client_for(world.consultant_a)
    page = client.get(reverse("my_week"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Alpha Fräserei GmbH" in html
    assert "Sensorik kompakt" in html
    assert "another partner" not in html
    overdue = html.index("Overdue follow-ups")
    assert html.index("Angebot schicken") > overdue  # listed, and marked as overdue
    assert "Overdue:" in html

    calendar = client.get(reverse("my_week_ics"))
    assert calendar["Content-Type"] == "text/calendar"
    titles = {str(e["SUMMARY"]) for e in Calendar.from_ical(calendar.content).walk("VEVENT")}
    assert titles == {"Consultation: Alpha Fräserei GmbH", "Workshop: Sensorik kompakt"}


def test_my_week_is_for_partner_staff_only(world):
    assert client_for(world.sme_a).get(reverse("my_week")).status_code == 404
    assert client_for(world.consultant_b).get(reverse("my_week")).status_code == 200
    page = client_for(world.consultant_b).get(reverse("my_week"), {"from": "not-a-date"})
    assert page.status_code == 200


def test_the_personal_calendar_feed_carries_a_consultants_week(world):
    from django.test import Client

    from events import services as events_services

    slot = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    services.book_consultation(
        actor=world.sme_a, topics=[world.sensors], description="x", slot=slot
    )
    EventFactory(organizer=world.partner_a, title="Sensorik kompakt")
    feed = events_services.create_calendar_feed(actor=world.consultant_a)
    body = Client().get(feed.get_absolute_url())
    assert body.status_code == 200
    titles = {str(e["SUMMARY"]) for e in Calendar.from_ical(body.content).walk("VEVENT")}
    assert titles == {"Consultation: Alpha Fräserei GmbH", "Workshop: Sensorik kompakt"}
    other = events_services.create_calendar_feed(actor=world.consultant_b)
    assert b"Alpha" not in Client().get(other.get_absolute_url()).content
