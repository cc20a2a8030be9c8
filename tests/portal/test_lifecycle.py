"""portal/lifecycle.py on a toy table over a real model (a workshop registration's status)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone, translation

from events.models import Registration
from portal.errors import BusinessRuleError, TransitionRefused
from portal.lifecycle import Lifecycle, Move
from portal.models import AuditEntry
from portal.tenancy import unscoped
from tests.events.factories import EventFactory, sme
from tests.lifecycle import check_lifecycle, reload, snapshot

pytestmark = pytest.mark.django_db

S = Registration.Status


def _no_comment_yet(registration):
    return "a comment came first" if registration.feedback_comment else None


TOY = Lifecycle(
    states=S,
    audit_prefix="tests.registration",
    moves={
        "attend": Move({S.CONFIRMED: S.ATTENDED}, label="Check in", guard=_no_comment_yet),
        "drop": {S.CONFIRMED: S.CANCELLED, S.WAITLISTED: S.CANCELLED},
        "promote": {S.WAITLISTED: S.CONFIRMED},
        "touch": Move({S.CONFIRMED: S.CONFIRMED}, audit="touched"),
    },
)


@pytest.fixture
def registration():
    user = sme()
    with unscoped("test"):
        return Registration.objects.create(
            event=EventFactory(), user=user, status=S.WAITLISTED, organisation="Firma"
        )


def test_allowed_moves_follow_the_table_and_the_guards(registration):
    assert TOY.allowed_moves(registration) == {"drop", "promote"}
    registration.status = S.CONFIRMED
    assert TOY.allowed_moves(registration) == {"attend", "drop", "touch"}
    registration.feedback_comment = "early"
    assert TOY.allowed_moves(registration) == {"drop", "touch"}
    assert TOY.refusal(registration, "attend") == "a comment came first"


def test_transition_saves_the_state_and_changes_and_audits(registration):
    user = registration.user
    with unscoped("test"):
        moved = TOY.transition(
            registration, "promote", actor=user, changes={"organisation": "Neu"}, data={"x": 1}
        )
        entry = AuditEntry.objects.get(target_id=str(registration.pk))
    assert moved.status == S.CONFIRMED
    row = reload(registration)
    assert (row.status, row.organisation) == (S.CONFIRMED, "Neu")
    assert entry.action == "tests.registration.confirmed"
    assert entry.data == {"move": "promote", "from": "waitlisted", "to": "confirmed", "x": 1}


def test_a_move_that_keeps_the_state_names_its_own_audit_verb(registration):
    registration.status = S.CONFIRMED
    with unscoped("test"):
        registration.save()
        TOY.transition(registration, "touch", actor=None)
        assert AuditEntry.objects.get(target_id=str(registration.pk)).action == (
            "tests.registration.touched"
        )


def test_refused_move_raises_a_clear_message_and_changes_nothing(registration):
    before = snapshot(registration)
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        TOY.transition(registration, "attend", actor=None, changes={"organisation": "X"})
    assert refused.value.message == "Registration: this is not possible in the state “Waitlist”."
    assert registration.organisation == "Firma"
    assert snapshot(reload(registration)) == before


def test_refused_message_is_translated(registration):
    with translation.override("de"), pytest.raises(TransitionRefused) as refused:
        TOY.check(registration, "attend")
    assert "nicht möglich" in refused.value.message


def test_invalid_changes_are_refused_and_restored(registration):
    before = snapshot(registration)
    with unscoped("test"), pytest.raises(BusinessRuleError):
        TOY.transition(registration, "promote", actor=None, changes={"organisation": "x" * 201})
    assert registration.status == S.WAITLISTED
    assert registration.organisation == "Firma"
    assert snapshot(reload(registration)) == before


def test_a_table_naming_an_unknown_state_is_refused_at_import():
    with pytest.raises(ValueError, match="unknown"):
        Lifecycle(states=S, audit_prefix="x", moves={"fly": {S.CONFIRMED: "flying"}})


def test_unknown_move_names_are_a_programming_error(registration):
    with pytest.raises(ValueError, match="no move"):
        TOY.allows(registration, "fly")


def _waitlisted():
    with unscoped("test"):
        return Registration.objects.create(event=EventFactory(), user=sme(), status=S.WAITLISTED)


def test_state_machine_helper_accepts_a_faithful_service():
    def apply(registration, move):
        # attended means checked in (a constraint of the registration)
        changes = {"checked_in_at": timezone.now()} if move == "attend" else {}
        with transaction.atomic(), unscoped("test"):
            TOY.transition(registration, move, actor=None, changes=changes)

    def create():
        with unscoped("test"):
            return Registration.objects.create(
                event=EventFactory(), user=sme(), status=S.WAITLISTED
            )

    check_lifecycle(TOY, create=_waitlisted, apply=apply, max_examples=10)


def test_state_machine_helper_catches_a_service_that_ignores_the_table():
    def careless(registration, move):
        with unscoped("test"):
            registration.status = S.CANCELLED if move == "drop" else S.ATTENDED
            registration.checked_in_at = timezone.now() if move != "drop" else None
            registration.save()

    def create():
        with unscoped("test"):
            return Registration.objects.create(
                event=EventFactory(), user=sme(), status=S.WAITLISTED
            )

    with pytest.raises(AssertionError):
        check_lifecycle(TOY, create=_waitlisted, apply=careless, max_examples=10)
