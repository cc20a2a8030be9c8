"""The slot picker's week view: filters in the URL, working days, a clear state, the address of an
on-site slot, and the same state in the calendar file."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from consulting import services
from consulting.demo import _seed_slots, _working_day
from consulting.models import AvailabilitySlot, ConsultationRequest, MeetingFormat
from consulting.week import WEEKS_AHEAD, first_bookable_week, monday_of
from portal.tenancy import unscoped
from tests.access import client_for
from tests.consulting.factories import SlotFactory

pytestmark = pytest.mark.django_db
URL = "/consulting/book/"


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _next_monday() -> date:
    return monday_of(timezone.localdate()) + timedelta(weeks=1)


def _slot(world, day: date, hour: int = 10, partner=None, **kwargs) -> AvailabilitySlot:
    partner = partner or world.partner_a
    consultant = world.consultant_a if partner == world.partner_a else world.consultant_b
    return SlotFactory(
        partner=partner,
        consultant=consultant,
        starts_at=_at(day, hour),
        ends_at=_at(day, hour + 1),
        **kwargs,
    )


def _sme_calendar(world):
    """The calendar file of the last e-mail to the SME (staff get their own mails beside it)."""
    (message,) = [m for m in mail.outbox if m.to == [world.sme_a.email]][-1:]
    (event,) = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    return event


def _shown(response) -> list[int]:
    return [slot.pk for day in response.context["week"].days for slot in day.slots]


def test_the_week_shows_monday_to_friday_with_each_slot_under_its_day(world):
    monday = _next_monday()
    tuesday = _slot(world, monday + timedelta(days=1))
    friday = _slot(world, monday + timedelta(days=4), hour=15)
    _slot(world, monday + timedelta(weeks=1))  # the week after: not shown
    response = client_for(world.sme_a).get(URL, {"week": monday.isoformat()})
    week = response.context["week"]
    assert [d.day for d in week.days] == [monday + timedelta(days=n) for n in range(5)]
    assert [s.pk for s in week.days[1].slots] == [tuesday.pk]
    assert [s.pk for s in week.days[4].slots] == [friday.pk]
    page = response.content.decode()
    assert f'id="slot-{tuesday.pk}" value="{tuesday.pk}"' in page
    assert f'<label class="btn btn-outline-primary week-slot" for="slot-{tuesday.pk}">' in page
    assert "2 free appointments this week" in page


def test_filters_by_partner_topic_and_format_and_keep_them_when_paging(world):
    monday = _next_monday()
    alpha = _slot(world, monday, mode=MeetingFormat.REMOTE)
    alpha_on_site = _slot(world, monday, hour=12, mode=MeetingFormat.ON_SITE)
    beta = _slot(world, monday + timedelta(days=2), partner=world.partner_b)
    client = client_for(world.sme_a)
    week = {"week": monday.isoformat()}
    assert set(_shown(client.get(URL, week))) == {alpha.pk, alpha_on_site.pk, beta.pk}
    assert _shown(client.get(URL, {**week, "partner": "beta"})) == [beta.pk]
    # Topic: the partners with that competence (beta has IT security, alpha sensors).
    assert _shown(client.get(URL, {**week, "topic": "it-security"})) == [beta.pk]
    assert _shown(client.get(URL, {**week, "partner": "alpha", "mode": "remote"})) == [alpha.pk]
    response = client.get(URL, {**week, "partner": "alpha", "mode": "on_site"})
    assert _shown(response) == [alpha_on_site.pk]
    following = (monday + timedelta(weeks=1)).isoformat()
    assert f'href="?partner=alpha&amp;mode=on_site&amp;week={following}"' in (
        response.content.decode()
    )
    # The chosen partner is proposed as the preferred one of the request.
    assert response.context["form"]["preferred_partner"].value() == world.partner_a.pk


def test_bad_filter_values_fall_back_to_this_week_and_all_slots(world):
    slot = _slot(world, _working_day(timezone.localdate() + timedelta(days=1)))
    client = client_for(world.sme_a)
    this_week = first_bookable_week(timezone.localdate())
    for query in (
        {"week": "not-a-date"},
        {"week": (this_week - timedelta(weeks=3)).isoformat()},
        {"week": (this_week + timedelta(weeks=WEEKS_AHEAD + 5)).isoformat()},
    ):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert response.context["week"].monday == this_week
        assert response.context["week"].previous is None
    response = client.get(URL, {"partner": "nobody", "week": monday_of(slot.starts_at.date())})
    assert response.status_code == 200


def test_at_the_weekend_the_picker_starts_with_the_coming_week():
    assert first_bookable_week(date(2026, 12, 4)) == date(2026, 11, 30)  # Friday
    assert first_bookable_week(date(2026, 12, 5)) == date(2026, 12, 7)  # Saturday
    assert first_bookable_week(date(2026, 12, 6)) == date(2026, 12, 7)  # Sunday
    assert first_bookable_week(date(2026, 12, 7)) == date(2026, 12, 7)  # Monday


def test_an_empty_week_links_to_the_next_week_with_a_free_slot(world):
    later = _next_monday() + timedelta(weeks=3)
    _slot(world, later + timedelta(days=2))
    response = client_for(world.sme_a).get(URL, {"week": _next_monday().isoformat()})
    assert response.context["week"].count == 0
    assert response.context["week"].next_free == later
    assert f"week={later.isoformat()}" in response.content.decode()


def test_an_on_site_slot_shows_the_companys_address_on_the_week_the_request_and_the_ics(world):
    with unscoped("test: give the company a street"):
        world.company_a.street = "Werkstraße 7"
        world.company_a.postcode = "98527"
        world.company_a.save(update_fields=["street", "postcode"])
    monday = _next_monday()
    slot = _slot(world, monday + timedelta(days=1), mode=MeetingFormat.ON_SITE)
    client = client_for(world.sme_a)
    page = client.get(URL, {"week": monday.isoformat()}).content.decode()
    assert "at your company: Werkstraße 7, 98527 Suhl" in page
    response = client.post(
        URL,
        {
            "topics": [world.sensors.pk],
            "description": "Sensoren an der Fräse",
            "slot": slot.pk,
            "submission": str(uuid.uuid4()),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "at your company: Werkstraße 7, 98527 Suhl" in page
    assert "Requested: Alpha will confirm it" in page
    event = _sme_calendar(world)
    assert str(event["status"]) == "TENTATIVE"
    assert "Werkstraße 7, 98527 Suhl" in str(event["location"])


def test_the_request_page_and_the_ics_say_confirmed_once_the_partner_accepts(
    world, django_capture_on_commit_callbacks
):
    slot = _slot(world, _next_monday() + timedelta(days=2))
    booked = services.book_consultation(
        actor=world.sme_a, topics=[world.sensors], description="a", slot=slot
    )
    client = client_for(world.sme_a)
    assert (
        "Requested: Alpha will confirm it" in client.get(booked.get_absolute_url()).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_request(actor=world.admin_a, request=booked, consultant=world.consultant_a)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert f"Confirmed by {world.consultant_a} (Alpha)" in page
    event = _sme_calendar(world)
    assert str(event["status"]) == "CONFIRMED"
    with unscoped("test"):
        assert ConsultationRequest.objects.get().status == "scheduled"


def test_demo_slots_fall_on_working_days_within_office_hours(world):
    assert [_working_day(date(2026, 12, d)).isoformat() for d in range(4, 10)] == [
        "2026-12-04",  # Friday
        "2026-12-07",  # Saturday -> Monday
        "2026-12-07",  # Sunday -> Monday
        "2026-12-07",
        "2026-12-08",
        "2026-12-09",
    ]
    with unscoped("test: seed demo slots"):
        created = _seed_slots(
            [world.partner_a, world.partner_b],
            {world.partner_a.pk: [world.consultant_a], world.partner_b.pk: [world.consultant_b]},
        )
        starts = [timezone.localtime(s.starts_at) for s in AvailabilitySlot.objects.all()]
    assert created == len(starts) == 12
    assert all(start.weekday() < 5 for start in starts)
    assert all(start.hour >= 9 and start.hour + 1 <= 17 for start in starts)
