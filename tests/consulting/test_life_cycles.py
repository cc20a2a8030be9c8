"""The request and slot life cycles (consulting/services/lifecycle.py), played by hypothesis
against the real services: every move the table allows succeeds and reaches the table's
state; every move it refuses raises and changes nothing."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from consulting import services
from consulting.models import (
    AvailabilitySlot,
    ConsultationRequest,
    MeetingFormat,
    RequestStatus,
    Stage,
)
from consulting.services.lifecycle import REQUEST_LIFECYCLE, SLOT_LIFECYCLE
from portal.errors import BusinessRuleError
from portal.tenancy import unscoped
from tests.consulting.factories import SlotFactory
from tests.lifecycle import check_lifecycle, reload

pytestmark = pytest.mark.django_db

_days = itertools.count(3)


def _free_slot(world):
    """A new slot of consultant A, each on a day of its own (no overlaps)."""
    start = timezone.now() + timedelta(days=next(_days), hours=1)
    return SlotFactory(
        partner=world.partner_a,
        consultant=world.consultant_a,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


def _request_moves(world):
    def route(request):
        services.route_request(actor=world.consortium, request=request, partner=world.partner_a)

    def accept(request, move):
        services.assign_request(
            actor=world.consultant_a, request=request, consultant=world.consultant_a, move=move
        )

    def schedule(request):
        start = timezone.now() + timedelta(days=next(_days))
        services.schedule_request(
            actor=world.consultant_a,
            request=request,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            mode=MeetingFormat.REMOTE,
        )

    def complete(request):
        services.log_session(
            actor=world.consultant_a,
            partner=world.partner_a,
            company=world.company_a,
            request=request,
            date=timezone.localdate(),
            duration_minutes=60,
            format=MeetingFormat.REMOTE,
            stage=Stage.FIRST_CONTACT,
            topics=[world.sensors],
            summary=f"Session for request {request.pk}",
        )

    return {
        "route": route,
        "accept": lambda r: accept(r, "accept"),
        "confirm": lambda r: accept(r, "confirm"),
        "schedule": schedule,
        "decline": lambda r: services.decline_request(
            actor=world.consultant_a, request=r, reason="Kein Kapazität"
        ),
        "reschedule": lambda r: services.reschedule_request(
            actor=world.sme_a, request=r, slot=_free_slot(world)
        ),
        "cancel": lambda r: services.cancel_request(actor=world.sme_a, request=r),
        "complete": complete,
    }


def _played_by_services(world):
    moves = _request_moves(world)
    return lambda request, move: moves[move](request)


def test_request_life_cycle_with_proposed_times_follows_its_table(world):
    """An unrouted request (proposed times): routing, accepting, scheduling, moving ..."""

    def create():
        return services.book_consultation(
            actor=world.sme_a, topics=[world.sensors], description="x", proposed_times="Mo"
        )

    check_lifecycle(
        REQUEST_LIFECYCLE,
        create=create,
        apply=_played_by_services(world),
        moves=sorted(set(REQUEST_LIFECYCLE.moves) - {"close"}),  # erasure: test_daily_work
        max_examples=12,
        steps=8,
    )


def test_request_life_cycle_booked_on_a_slot_follows_its_table(world):
    def create():
        return services.book_consultation(
            actor=world.sme_a, topics=[world.sensors], description="x", slot=_free_slot(world)
        )

    check_lifecycle(
        REQUEST_LIFECYCLE,
        create=create,
        apply=_played_by_services(world),
        moves=sorted(set(REQUEST_LIFECYCLE.moves) - {"close"}),
        max_examples=12,
        steps=8,
    )


def test_slot_life_cycle_follows_its_table(world):
    """book: an SME books it; release: the request holding it is cancelled; withdraw: the
    consultant takes it back."""
    holders: dict[int, ConsultationRequest] = {}

    def apply(slot, move):
        if move == "book":
            holders[slot.pk] = services.book_consultation(
                actor=world.sme_a, topics=[world.sensors], description="x", slot=slot
            )
        elif move == "release":
            holder = holders.get(slot.pk)
            if holder is None:
                raise BusinessRuleError("no request ever held this slot")
            services.cancel_request(actor=world.sme_a, request=holder)
        else:
            services.withdraw_slot(actor=world.consultant_a, slot=slot)

    check_lifecycle(
        SLOT_LIFECYCLE, create=lambda: _free_slot(world), apply=apply, max_examples=10, steps=6
    )


def test_the_request_page_offers_exactly_the_moves_of_the_table(world):
    from tests.access import client_for

    request = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        slot=_free_slot(world),
    )
    page = client_for(world.consultant_a).get(request.get_absolute_url())
    moves = page.context["moves"]
    assert {"confirm", "schedule", "decline"} <= moves
    assert not {"accept", "route"} & moves  # booked on a slot: accepting schedules it
    services.assign_request(
        actor=world.consultant_a, request=request, consultant=world.consultant_a
    )
    request = reload(request)
    assert request.status == RequestStatus.SCHEDULED
    page = client_for(world.consultant_a).get(request.get_absolute_url())
    assert "assign_form" not in page.context
    assert "decline_form" not in page.context
    assert "schedule_form" in page.context
    with unscoped("test"):
        assert AvailabilitySlot.objects.get(pk=request.slot_id).status == "booked"
