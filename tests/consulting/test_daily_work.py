"""Issue #13, the consulting cases seen on a fresh clone: each ends in a clear message or the
right state now. One test per case, named after it."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from consulting import services
from consulting.errors import InvalidTransition, SlotOverlaps
from consulting.models import (
    AdvisorySession,
    AvailabilitySlot,
    ConsultationRequest,
    FollowUp,
    MeetingFormat,
    RequestStatus,
    SlotStatus,
    Stage,
)
from portal.errors import BusinessRuleError
from portal.tenancy import partner_scope, unscoped
from tests.access import client_for
from tests.consulting.factories import SlotFactory
from tests.lifecycle import reload, snapshot

FMT = "%Y-%m-%dT%H:%M"


def _booked(world, **kwargs):
    values = {"preferred_partner": world.partner_a, "proposed_times": "Mo"}
    return services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        **({"description": "Sensorik"} | values | kwargs),
    )


def _log(world, request=None, **kwargs):
    values = {
        "actor": world.consultant_a,
        "partner": world.partner_a,
        "company": world.company_a,
        "request": request,
        "date": timezone.localdate(),
        "duration_minutes": 60,
        "format": MeetingFormat.ON_SITE,
        "stage": Stage.FIRST_CONTACT,
        "topics": [world.sensors],
        "summary": "Erstgespräch",
    }
    return services.log_session(**(values | kwargs))


# --- routing ------------------------------------------------------------------------------------


def test_route_lands_the_consortium_admin_on_the_inbox_with_a_success_message(world):
    request = services.book_consultation(
        actor=world.sme_a, topics=[world.sensors], description="x", proposed_times="Mo"
    )
    client = client_for(world.consortium)
    response = client.post(
        reverse("consulting:request_route", args=[request.pk]),
        {"partner": world.partner_a.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("consulting:request_list")
    assert response.status_code == 200
    assert "routed to Alpha" in response.content.decode()
    assert reload(request).partner_id == world.partner_a.pk


def test_a_routed_request_mails_the_partner_admins_in_their_language(world):
    world.admin_a.language = "de"
    world.admin_a.save()
    request = services.book_consultation(
        actor=world.sme_a, topics=[world.sensors], description="x", proposed_times="Mo"
    )
    mail.outbox.clear()
    client_for(world.consortium).post(
        reverse("consulting:request_route", args=[request.pk]), {"partner": world.partner_a.pk}
    )
    (to_admin,) = [m for m in mail.outbox if m.to == [world.admin_a.email]]
    assert "weitergeleitet" in to_admin.subject
    assert "Bitte" in to_admin.body
    html = to_admin.alternatives[0]
    assert html[1] == "text/html"
    assert "Bitte" in html[0]


# --- log_session --------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["declined", "cancelled"])
def test_log_session_does_not_complete_a_declined_or_cancelled_request(world, end):
    request = _booked(world)
    if end == "declined":
        services.decline_request(actor=world.consultant_a, request=request, reason="Kein Platz")
    else:
        services.cancel_request(actor=world.sme_a, request=request)
    with partner_scope(world.partner_a), pytest.raises(InvalidTransition):
        _log(world, request=reload(request))
    assert reload(request).status == end
    with unscoped("test"):
        assert not AdvisorySession.objects.exists()


def test_log_session_completes_an_open_request(world):
    request = _booked(world)
    services.assign_request(
        actor=world.consultant_a, request=request, consultant=world.consultant_a
    )
    _log(world, request=reload(request))
    assert reload(request).status == RequestStatus.COMPLETED


def test_the_same_session_logged_twice_is_refused(world):
    _log(world)
    with pytest.raises(BusinessRuleError, match="logged already"):
        _log(world)
    with unscoped("test"):
        assert AdvisorySession.objects.count() == 1


def test_a_past_follow_up_due_date_is_refused_with_a_form_error(world):
    client = client_for(world.consultant_a)
    response = client.post(
        reverse("consulting:session_create"),
        {
            "company": world.company_a.pk,
            "date": timezone.localdate().isoformat(),
            "duration_minutes": 60,
            "format": MeetingFormat.ON_SITE,
            "stage": Stage.FIRST_CONTACT,
            "topics": [world.sensors.pk],
            "summary": "Erstgespräch",
            "follow_up_title": "Angebot schicken",
            "follow_up_owner": world.consultant_a.pk,
            "follow_up_due": (timezone.localdate() - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "cannot be due in the past" in response.content.decode()
    with unscoped("test"):
        assert not AdvisorySession.objects.exists()
        assert not FollowUp.objects.exists()
    with pytest.raises(BusinessRuleError, match="past"):
        _log(
            world,
            follow_ups=[
                services.FollowUpData("Angebot", world.consultant_a, date(2020, 1, 1)),
            ],
        )


# --- caps ---------------------------------------------------------------------------------------


def test_a_5_mb_description_is_refused_with_a_form_error(world):
    """Four megabytes reach the form (a body of 5 MB and more is refused before Django parses
    it: DATA_UPLOAD_MAX_MEMORY_SIZE, issue #11) and get a clear message; nothing is stored."""
    response = client_for(world.sme_a).post(
        reverse("consulting:book"),
        {
            "topics": [world.sensors.pk],
            "description": "x" * (4 * 1024 * 1024),
            "preferred_partner": world.partner_a.pk,
            "proposed_times": "Mo",
            "submission": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    with unscoped("test"):
        assert not ConsultationRequest.objects.exists()
    with pytest.raises(BusinessRuleError):
        _booked(world, description="x" * 5001)


# --- slots --------------------------------------------------------------------------------------


def _publish(world, start, hours=1):
    return services.publish_slots(
        actor=world.consultant_a,
        partner=world.partner_a,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        mode="remote",
    )


def test_duplicate_and_overlapping_slots_are_refused(world):
    start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    _publish(world, start)
    with pytest.raises(SlotOverlaps, match="overlaps"):
        _publish(world, start)  # the same slot again
    with pytest.raises(SlotOverlaps):
        _publish(world, start + timedelta(minutes=30))  # half an hour into it
    _publish(world, start + timedelta(hours=1))  # right after it: fine
    with unscoped("test"):
        assert AvailabilitySlot.objects.count() == 2


def test_a_weekly_series_hitting_a_slot_publishes_nothing(world):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    _publish(world, start + timedelta(weeks=2))
    with pytest.raises(SlotOverlaps):
        services.publish_slots(
            actor=world.consultant_a,
            partner=world.partner_a,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            mode="remote",
            weekly_repeats=4,
        )
    with unscoped("test"):
        assert AvailabilitySlot.objects.count() == 1


def test_overlapping_slot_form_shows_the_error(world):
    start = timezone.localtime() + timedelta(days=4)
    _publish(world, start)
    response = client_for(world.consultant_a).post(
        reverse("consulting:slot_list"),
        {
            "starts_at": start.strftime(FMT),
            "ends_at": (start + timedelta(hours=1)).strftime(FMT),
            "mode": "remote",
            "weekly_repeats": 0,
        },
    )
    assert response.status_code == 200
    assert "overlaps" in response.content.decode()


def test_a_withdrawn_slot_frees_its_time(world):
    start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    (slot,) = _publish(world, start)
    services.withdraw_slot(actor=world.consultant_a, slot=slot)
    assert reload(slot).status == SlotStatus.WITHDRAWN
    _publish(world, start)


def test_postgresql_refuses_overlapping_slots_of_one_consultant(postgres, world):
    assert connection.vendor == "postgresql"
    start = timezone.now() + timedelta(days=5)
    SlotFactory(partner=world.partner_a, consultant=world.consultant_a, starts_at=start)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotFactory(  # behind the service's back
            partner=world.partner_a,
            consultant=world.consultant_a,
            starts_at=start + timedelta(minutes=15),
        )


# --- scheduled requests -------------------------------------------------------------------------


def test_scheduled_requests_offer_no_accept_or_decline(world):
    request = _booked(world)
    start = timezone.now() + timedelta(days=4)
    services.schedule_request(
        actor=world.consultant_a,
        request=request,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        mode=MeetingFormat.REMOTE,
    )
    page = client_for(world.consultant_a).get(request.get_absolute_url()).content.decode()
    assert reverse("consulting:request_assign", args=[request.pk]) not in page
    assert reverse("consulting:request_decline", args=[request.pk]) not in page
    assert reverse("consulting:request_schedule", args=[request.pk]) in page
    before = snapshot(reload(request))
    with pytest.raises(InvalidTransition):
        services.decline_request(actor=world.consultant_a, request=request, reason="zu spät")
    with pytest.raises(InvalidTransition):
        services.assign_request(
            actor=world.consultant_a, request=request, consultant=world.consultant_a
        )
    assert snapshot(reload(request)) == before


# --- staff notifications ------------------------------------------------------------------------


def test_the_consultant_hears_of_a_booking_in_their_own_language(world):
    world.consultant_a.language = "de"
    world.consultant_a.save()
    world.sme_a.language = "en"
    world.sme_a.save()
    slot = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    mail.outbox.clear()
    client_for(world.sme_a).post(
        reverse("consulting:book"),
        {
            "topics": [world.sensors.pk],
            "description": "Sensorik",
            "slot": slot.pk,
            "submission": str(uuid.uuid4()),
        },
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    to_consultant = by_address[world.consultant_a.email]
    to_sme = by_address[world.sme_a.email]
    assert "Neue Beratungsanfrage" in to_consultant.subject
    assert "Alpha Fräserei GmbH" in to_consultant.body
    assert "received" in to_sme.subject  # the SME in English, from the same request
    for message in (to_consultant, to_sme):
        ((html, mimetype),) = message.alternatives
        assert mimetype == "text/html"
        assert "<html" in html


def test_the_consultant_hears_of_a_cancellation_and_a_move(
    world, django_capture_on_commit_callbacks
):
    first = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    second = SlotFactory(
        partner=world.partner_a,
        consultant=world.consultant_a,
        starts_at=timezone.now() + timedelta(days=6),
    )
    request = _booked(world, slot=first, preferred_partner=None, proposed_times="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule_request(actor=world.sme_a, request=request, slot=second)
        services.cancel_request(actor=world.sme_a, request=reload(request))
    subjects = [m.subject for m in mail.outbox if m.to == [world.consultant_a.email]]
    assert any("was moved" in s for s in subjects)
    assert any("was cancelled" in s for s in subjects)
    assert reload(first).status == reload(second).status == SlotStatus.OPEN


# --- erasure ------------------------------------------------------------------------------------


def _erase(world):
    from tests.factories import PASSWORD

    return client_for(world.sme_a).post(
        f"/my-data/{world.company_a.pk}/erase/", {"confirm": "on", "password": PASSWORD}
    )


def test_erasing_a_company_cancels_its_booked_appointment_and_tells_the_consultant(world):
    slot = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    request = _booked(world, slot=slot, preferred_partner=None, proposed_times="")
    mail.outbox.clear()
    assert _erase(world).status_code == 302
    request = reload(request)
    assert request.status == RequestStatus.CANCELLED
    assert request.slot_id is None
    assert reload(slot).status == SlotStatus.OPEN  # the consultant's time is free again
    (told,) = [m for m in mail.outbox if m.to == [world.consultant_a.email]]
    assert "erased" in told.subject
    assert "Alpha" not in told.body


def test_an_erased_company_request_shows_no_accept_or_schedule_forms(world):
    request = _booked(world)
    _erase(world)
    page = client_for(world.consultant_a).get(request.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "[erased]" in content
    assert reverse("consulting:request_assign", args=[request.pk]) not in content
    assert reverse("consulting:request_schedule", args=[request.pk]) not in content
    assert "erased its data" in content
    record = client_for(world.consultant_a).get(world.company_a.get_absolute_url())
    record_html = record.content.decode()
    assert "erased its data" in record_html
    assert reverse("consulting:company_edit", args=[world.company_a.pk]) not in record_html
    assert reverse("consulting:session_create") not in record_html
    with pytest.raises(BusinessRuleError, match="erased"):
        _log(world, company=reload(world.company_a))


def test_deleting_a_request_in_the_admin_frees_its_slot(world):
    from django.contrib.auth import get_user_model

    from tests.factories import give_second_factor

    slot = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    request = _booked(world, slot=slot, preferred_partner=None, proposed_times="")
    assert reload(slot).status == SlotStatus.BOOKED
    operator = get_user_model().objects.create_superuser(email="op@example.com", password="x")
    url = reverse("admin:consulting_consultationrequest_delete", args=[request.pk])
    assert client_for(give_second_factor(operator)).post(url, {"post": "yes"}).status_code == 302
    assert reload(slot).status == SlotStatus.OPEN


@pytest.mark.django_db(transaction=True)
def test_the_same_slot_sent_at_once_is_published_once(postgres, world):
    import threading

    start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    barrier = threading.Barrier(4)
    outcomes = []

    def publish():
        try:
            barrier.wait()
            _publish(world, start)
            outcomes.append("published")
        except SlotOverlaps:
            outcomes.append("overlaps")
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=publish) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["overlaps"] * 3 + ["published"]
    with unscoped("test"):
        assert AvailabilitySlot.objects.filter(consultant=world.consultant_a).count() == 1
