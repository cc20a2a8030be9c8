"""Slots and online booking: one booking per slot, e-mails with .ics, 24-hour rule."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from consulting import services
from consulting.errors import SlotTaken, TooLateToChange
from consulting.models import AvailabilitySlot, ConsultationRequest, RequestStatus
from portal.errors import BusinessRuleError
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.consulting.factories import SlotFactory
from tests.factories import CompanyMemberFactory

pytestmark = pytest.mark.django_db

CONFIRMED = {"confirmed": "yes"}  # the confirm step (portal/confirm.py) said yes


def _last_mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]][-1]


def _slot(world, **kwargs):
    return SlotFactory(partner=world.partner_a, consultant=world.consultant_a, **kwargs)


def _topics(world):
    return [world.sensors]


def test_publish_weekly_slots(world):
    start = timezone.now() + timedelta(days=2)
    slots = services.publish_slots(
        actor=world.consultant_a,
        partner=world.partner_a,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        mode="remote",
        weekly_repeats=3,
    )
    assert len(slots) == 4
    assert len({s.series for s in slots}) == 1
    assert timezone.localtime(slots[3].starts_at).hour == timezone.localtime(start).hour


@pytest.mark.parametrize(
    ("start_offset", "length", "message"),
    [
        (-timedelta(hours=1), timedelta(hours=1), "future"),
        (timedelta(days=1), -timedelta(minutes=5), "end"),
    ],
)
def test_bad_slots_are_refused(world, start_offset, length, message):
    start = timezone.now() + start_offset
    with pytest.raises(BusinessRuleError, match=message):
        services.publish_slots(
            actor=world.consultant_a,
            partner=world.partner_a,
            starts_at=start,
            ends_at=start + length,
            mode="remote",
        )
    with unscoped("test"):
        assert not AvailabilitySlot.objects.exists()


def test_slot_page_publishes_and_shows_errors(world):
    client = client_for(world.consultant_a)
    url = reverse("consulting:slot_list")
    assert_access(url, allowed=[world.consultant_a], denied=[world.sme_a, world.consortium])
    start = timezone.localtime() + timedelta(days=5)
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        url,
        {
            "starts_at": start.strftime(fmt),
            "ends_at": (start - timedelta(hours=1)).strftime(fmt),
            "mode": "remote",
            "weekly_repeats": 0,
        },
    )
    assert response.status_code == 200
    assert "The end must be after the start." in response.content.decode()
    client.post(
        url,
        {
            "starts_at": start.strftime(fmt),
            "ends_at": (start + timedelta(hours=1)).strftime(fmt),
            "mode": "on_site",
            "weekly_repeats": 1,
        },
    )
    with unscoped("test"):
        assert AvailabilitySlot.objects.count() == 2


def test_booking_a_slot_sends_confirmation_with_ics(world):
    slot = _slot(world)
    client = client_for(world.sme_a)
    response = client.post(
        reverse("consulting:book"),
        {
            "topics": [world.sensors.pk],
            "description": "Maschinendaten erfassen",
            "preferred_partner": "",
            "slot": slot.pk,
            "proposed_times": "",
            "submission": str(uuid.uuid4()),  # the form's one-time token
        },
    )
    assert response.status_code == 302
    with unscoped("test"):
        booked = ConsultationRequest.objects.get()
    assert booked.slot_id == slot.pk
    assert booked.partner_id == world.partner_a.pk
    assert booked.consultant_id == world.consultant_a.pk
    assert booked.scheduled_start == slot.starts_at
    name, content, mimetype = _last_mail_to(world.sme_a).attachments[0]
    assert name == "consultation.ics"
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot.starts_at.replace(microsecond=0)
    # the consultant now finds it in the inbox
    inbox = client_for(world.consultant_a).get(reverse("consulting:request_list"))
    assert list(inbox.context["items"]) == [booked]


def test_booking_page_preselects_topics_and_is_for_smes_only(world):
    url = reverse("consulting:book")
    assert_access(
        url, allowed=[world.sme_a], denied=[world.consultant_a, world.consortium], anonymous=302
    )
    response = client_for(world.sme_a).get(url + "?topics=sensors-iot,it-security,unknown")
    assert set(response.context["form"].initial["topics"]) == {world.sensors, world.security}


def test_booking_without_slot_or_times_is_refused(world):
    response = client_for(world.sme_a).post(
        reverse("consulting:book"),
        {
            "topics": [world.sensors.pk],
            "description": "x",
            "preferred_partner": "",
            "slot": "",
            "proposed_times": " ",
        },
    )
    assert response.status_code == 200
    with unscoped("test"):
        assert not ConsultationRequest.objects.exists()


def test_route_for_me_leaves_partner_empty(world):
    request = services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="Hilfe", proposed_times="Mo früh"
    )
    assert request.partner_id is None
    assert request.status == RequestStatus.SUBMITTED


def test_booking_for_another_partner_shares_the_company(world):
    slot = SlotFactory(partner=world.partner_b, consultant=world.consultant_b)
    services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="Laser", slot=slot
    )
    assert_access(world.company_a.get_absolute_url(), allowed=[world.consultant_b])


def test_taken_slot_cannot_be_booked_again(world):
    slot = _slot(world)
    services.book_consultation(actor=world.sme_a, topics=_topics(world), description="a", slot=slot)
    with pytest.raises(SlotTaken):
        services.book_consultation(
            actor=world.sme_b, topics=_topics(world), description="b", slot=slot
        )
    # and the other company no longer sees it among the free slots
    form = client_for(world.sme_b).get(reverse("consulting:book")).context["form"]
    assert slot not in form.fields["slot"].queryset


def test_past_slot_cannot_be_booked(world):
    slot = _slot(world, starts_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(SlotTaken):
        services.book_consultation(
            actor=world.sme_a, topics=_topics(world), description="a", slot=slot
        )


def test_cancel_frees_the_slot_and_mails(world):
    slot = _slot(world)
    request = services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="a", slot=slot
    )
    client = client_for(world.sme_a)
    assert (
        client_for(world.sme_b)
        .post(reverse("consulting:request_cancel", args=[request.pk]), CONFIRMED)
        .status_code
        == 404
    )
    client.post(reverse("consulting:request_cancel", args=[request.pk]), CONFIRMED)
    with unscoped("test"):
        request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert request.slot_id is None
    assert "cancelled" in mail.outbox[-1].subject
    services.book_consultation(actor=world.sme_b, topics=_topics(world), description="b", slot=slot)


def test_reschedule_moves_to_new_slot(world):
    first, second = _slot(world), _slot(world, starts_at=timezone.now() + timedelta(days=6))
    request = services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="a", slot=first
    )
    client_for(world.sme_a).post(
        reverse("consulting:request_reschedule", args=[request.pk]), {"slot": second.pk}
    )
    with unscoped("test"):
        request.refresh_from_db()
    assert request.slot_id == second.pk
    assert request.scheduled_start == second.starts_at
    services.book_consultation(
        actor=world.sme_b, topics=_topics(world), description="b", slot=first
    )


def test_no_changes_within_24_hours(world):
    slot = _slot(world, starts_at=timezone.now() + timedelta(hours=20))
    request = services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="a", slot=slot
    )
    with pytest.raises(TooLateToChange):
        services.cancel_request(actor=world.sme_a, request=request)
    later = _slot(world)
    with pytest.raises(TooLateToChange):
        services.reschedule_request(actor=world.sme_a, request=request, slot=later)


def test_request_detail_isolation(world):
    request = services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="a", slot=_slot(world)
    )
    assert_access(
        request.get_absolute_url(),
        allowed=[world.sme_a, world.consultant_a, world.admin_a],
        denied=[world.sme_b, world.consultant_b, world.consortium],
        anonymous=302,
    )
    colleague = CompanyMemberFactory(company=world.company_a).user
    assert_access(reverse("consulting:request_list"), allowed=[colleague])
    listed = client_for(world.sme_b).get(reverse("consulting:request_list")).context["items"]
    assert list(listed) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_end_with_one(postgres, world):
    slot = _slot(world)
    smes = [world.sme_a, world.sme_b] + [CompanyMemberFactory().user for _ in range(4)]
    barrier = threading.Barrier(len(smes))
    outcomes = []

    def book(user):
        try:
            barrier.wait()
            services.book_consultation(
                actor=user, topics=[world.sensors], description="race", slot=slot
            )
            outcomes.append("booked")
        except SlotTaken:
            outcomes.append("taken")
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=book, args=(u,)) for u in smes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["taken"] * (len(smes) - 1)
    with unscoped("test"):
        assert ConsultationRequest.objects.filter(slot=slot).count() == 1


def test_withdraw_free_slot_but_not_a_booked_one(world):
    free, booked_slot = _slot(world), _slot(world, starts_at=timezone.now() + timedelta(days=8))
    services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="a", slot=booked_slot
    )
    client = client_for(world.consultant_a)
    assert (
        client_for(world.consultant_b)
        .post(reverse("consulting:slot_withdraw", args=[free.pk]))
        .status_code
        == 404
    )
    client.post(reverse("consulting:slot_withdraw", args=[free.pk]))
    client.post(reverse("consulting:slot_withdraw", args=[booked_slot.pk]))
    with unscoped("test"):
        statuses = dict(AvailabilitySlot.objects.values_list("pk", "status"))
    assert statuses == {free.pk: "withdrawn", booked_slot.pk: "booked"}


def test_request_page_offers_changes_only_before_the_deadline(world):
    """The page asks the service's own rule, so it never offers what the service refuses."""
    soon = services.book_consultation(
        actor=world.sme_a,
        topics=_topics(world),
        description="a",
        slot=_slot(world, starts_at=timezone.now() + timedelta(hours=20)),
    )
    later = services.book_consultation(
        actor=world.sme_a, topics=_topics(world), description="b", slot=_slot(world)
    )
    client = client_for(world.sme_a)
    assert client.get(soon.get_absolute_url()).context["can_change"] is False
    assert client.get(later.get_absolute_url()).context["can_change"] is True


def _calendar_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("consultation.ics", "text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    return event


def test_a_moved_then_cancelled_appointment_replaces_the_entry_in_the_smes_calendar(
    world, django_capture_on_commit_callbacks
):
    first, second = _slot(world), _slot(world, starts_at=timezone.now() + timedelta(days=6))
    with django_capture_on_commit_callbacks(execute=True):
        request = services.book_consultation(
            actor=world.sme_a, topics=_topics(world), description="a", slot=first
        )
    booked = _calendar_of(_last_mail_to(world.sme_a))
    with django_capture_on_commit_callbacks(execute=True):
        request = services.reschedule_request(actor=world.sme_a, request=request, slot=second)
    moved = _calendar_of(_last_mail_to(world.sme_a))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_request(actor=world.sme_a, request=request)
    cancelled = _calendar_of(_last_mail_to(world.sme_a))
    versions = [booked, moved, cancelled]
    assert {str(v["uid"]) for v in versions} == {f"consultation-request-{request.pk}@portal40"}
    sequences = [v.decoded("sequence") for v in versions]
    assert sequences == sorted(set(sequences))  # strictly rising
    # The SME booked a slot: a request until the partner confirms it.
    assert [str(v["status"]) for v in versions] == ["TENTATIVE", "TENTATIVE", "CANCELLED"]
    assert moved.decoded("dtstart") == second.starts_at.replace(microsecond=0)
    assert booked["organizer"].params["cn"] == world.partner_a.short_name
    assert str(booked["organizer"]).startswith("mailto:")
