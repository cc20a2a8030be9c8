"""The registration life cycle (events/services/registration.py) played by hypothesis against
the real services, and the rules of the day: check-in only in its window, certificates only
after the workshop began and dated on its day (issue #13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events import errors, services
from events.models import Event, Registration
from events.services.registration import REGISTRATION_LIFECYCLE, close_registration
from portal.tenancy import unscoped
from tests.events.factories import EventFactory, scope_of, sme, staff, under_way
from tests.lifecycle import check_lifecycle, reload

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_registration_life_cycle_follows_its_table():
    event = EventFactory(capacity=1000)
    organiser = staff(event)

    def create():
        person = sme()
        with unscoped("test"):
            Event.objects.filter(pk=event.pk).update(
                start=timezone.now() + timedelta(days=1), end=timezone.now() + timedelta(days=2)
            )
        with scope_of(person):
            registration = services.register_for_event(event=event, user=person)
        under_way(event)
        return registration

    def apply(registration, move):
        if move == "cancel":
            with scope_of(registration.user):
                services.cancel_registration(registration=registration, actor=registration.user)
        elif move == "check_in":
            with scope_of(organiser):
                services.check_in(registration=registration, actor=organiser)
        elif move == "undo_check_in":
            with scope_of(organiser):
                services.undo_check_in(registration=registration, actor=organiser)
        else:
            close_registration(registration=registration, actor=None)

    check_lifecycle(
        REGISTRATION_LIFECYCLE,
        create=create,
        apply=apply,
        moves=["cancel", "check_in", "undo_check_in", "close"],  # promote: test_services
        max_examples=10,
        steps=6,
    )


def _registered(days_ahead: float):
    event = EventFactory(start=timezone.now() + timedelta(days=days_ahead))
    person = sme()
    with scope_of(person):
        registration = services.register_for_event(event=event, user=person)
    return event, registration, staff(event)


def test_participant_checked_in_12_days_before_the_workshop_is_refused(settings):
    settings.EVENTS_CHECK_IN_HOURS_BEFORE = 2
    _event, registration, organiser = _registered(12)
    with scope_of(organiser), pytest.raises(errors.WrongEventState, match="Check-in opens on"):
        services.check_in(registration=registration, actor=organiser)
    assert reload(registration).status == S.CONFIRMED
    assert reload(registration).checked_in_at is None


def test_check_in_opens_the_configured_hours_before_the_start(settings):
    settings.EVENTS_CHECK_IN_HOURS_BEFORE = 3
    _event, registration, organiser = _registered(2 / 24)  # starts in two hours
    with scope_of(organiser):
        assert services.check_in(registration=registration, actor=organiser).status == S.ATTENDED
    settings.EVENTS_CHECK_IN_HOURS_BEFORE = 1
    _, other, organiser = _registered(2 / 24)
    with scope_of(organiser), pytest.raises(errors.WrongEventState):
        services.check_in(registration=other, actor=organiser)


def test_check_in_closes_when_the_workshop_is_over():
    event, registration, organiser = _registered(1)
    under_way(event, started=timedelta(hours=5))  # three hours long: over two hours ago
    with scope_of(organiser), pytest.raises(errors.WrongEventState, match="over"):
        services.check_in(registration=registration, actor=organiser)


def test_check_in_page_says_when_check_in_opens(settings):
    from django.urls import reverse

    from tests.access import client_for

    settings.EVENTS_CHECK_IN_HOURS_BEFORE = 2
    event, _, organiser = _registered(12)
    page = client_for(organiser).get(reverse("events:manage_check_in", args=[event.slug]))
    assert "Check-in opens on" in page.content.decode()


def test_no_certificate_before_the_workshop_has_started():
    _event, registration, organiser = _registered(1 / 24)  # check-in is open, not started
    with scope_of(organiser):
        services.check_in(registration=registration, actor=organiser)
    with scope_of(registration.user), pytest.raises(errors.CertificateNotAvailable):
        services.issue_certificate(registration=registration, actor=registration.user)
    assert reload(registration).certificate_status == ""


def test_certificate_is_dated_on_the_day_of_the_workshop(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event, registration, _organiser = _registered(1)
    under_way(event, started=timedelta(days=3))  # held three days ago (a three-hour workshop)
    with unscoped("test set-up: checked in on the day"):
        Registration.objects.filter(pk=registration.pk).update(
            status=S.ATTENDED, checked_in_at=event.start
        )
    seen = {}

    def fake_render(template, context):  # the PDF engine is a boundary
        seen.update(context)
        return b"%PDF-1.7"

    monkeypatch.setattr("portal.pdf.render_pdf", fake_render)
    with scope_of(registration.user):
        services.issue_certificate(registration=registration, actor=registration.user)
    with unscoped("the worker"):
        services.render_certificate(registration_id=registration.pk)
    assert seen["issued_on"] == timezone.localdate(event.start)
    assert seen["issued_on"] != timezone.localdate()


def test_attended_means_checked_in_in_the_database():
    from django.db import IntegrityError, transaction

    _event, registration, _ = _registered(1)
    with unscoped("test"), pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(status=S.ATTENDED)


def test_a_workshop_dated_in_the_past_is_refused():
    from portal.errors import BusinessRuleError
    from tests.events.factories import admin_of
    from tests.factories import TopicFactory

    event = EventFactory()
    admin = admin_of(event)
    data = {
        "title": "Rückblick",
        "description": "x",
        "format": Event.Format.ON_SITE,
        "venue": "Ilmenau",
        "start": timezone.now() - timedelta(days=2),
        "end": timezone.now() - timedelta(days=2) + timedelta(hours=2),
    }
    with scope_of(admin), pytest.raises(BusinessRuleError, match="past"):
        services.create_event(
            actor=admin, partner=event.organizer, data=data, capacity=5, topics=[TopicFactory()]
        )
    with scope_of(admin), pytest.raises(BusinessRuleError, match="past"):
        services.update_event(actor=admin, event=event, data=data, topics=[TopicFactory()])
    assert reload(event).start > timezone.now()
