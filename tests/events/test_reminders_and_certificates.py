"""Reminders the day before (once), certificates of attendance (only for attendees, idempotent)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from events import errors, services, tasks
from events.models import Event, Registration
from portal.celery import app as celery_app
from portal.errors import PermissionRefused
from portal.tenancy import partner_scope, unscoped
from tests.events.factories import EventFactory, scope_of, sme, staff, under_way

pytestmark = pytest.mark.django_db

C = Registration.CertificateStatus


def register(event, user):
    with scope_of(user):
        return services.register_for_event(event=event, user=user)


def fresh(registration):
    with unscoped("test assertions"):
        return Registration.objects.get(pk=registration.pk)


def attended(event=None, person=None):
    event = event or EventFactory(
        start=timezone.now() + timedelta(hours=1), title="Sensorik & Co <Praxis>"
    )
    registration = register(
        event, person or sme(user__first_name="Lena", user__last_name="Hoffmann")
    )
    organiser = staff(event)
    under_way(event)
    with scope_of(organiser):
        return services.check_in(registration=registration, actor=organiser)


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_go_out_once_even_if_the_job_runs_twice(django_capture_on_commit_callbacks):
    tomorrow = EventFactory(
        start=timezone.now() + timedelta(hours=20),
        format=Event.Format.HYBRID,
        online_url="https://meet.example/secret",
        capacity=1,
    )
    later = EventFactory(start=timezone.now() + timedelta(days=3))
    seated, waiting = sme(), sme()
    register(tomorrow, seated)
    register(tomorrow, waiting)
    register(later, sme())
    cancelled = register(tomorrow, sme())
    with scope_of(cancelled.user):
        services.cancel_registration(registration=cancelled, actor=cancelled.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 2
        assert services.send_due_reminders() == 0
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {seated.email, waiting.email}
    assert "https://meet.example/secret" in by_person[seated.email].body
    assert "https://meet.example/secret" not in by_person[waiting.email].body  # confirmed only


def test_no_reminders_for_cancelled_events():
    event = EventFactory(start=timezone.now() + timedelta(hours=5))
    register(event, sme())
    with unscoped("test set-up"):
        Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    assert services.send_due_reminders() == 0


def test_a_promoted_person_gets_a_reminder_with_the_link(django_capture_on_commit_callbacks):
    event = EventFactory(
        start=timezone.now() + timedelta(hours=10),
        format=Event.Format.ONLINE,
        venue="",
        online_url="https://meet.example/room",
        capacity=1,
    )
    holder, waiting = register(event, sme()), register(event, sme())
    services.send_due_reminders()
    with scope_of(holder.user):
        services.cancel_registration(registration=holder, actor=holder.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
    assert mail.outbox[0].to == [waiting.user.email]
    assert "https://meet.example/room" in mail.outbox[0].body


def test_beat_schedule_contains_the_workshop_jobs():
    schedule = celery_app.conf.beat_schedule
    assert schedule["events.send_due_reminders"]["task"] == "events.send_due_reminders"
    assert schedule["events.send_due_reminders"]["schedule"] <= 30 * 60
    assert "events.complete_finished_events" in schedule
    assert "events.requeue_stuck_certificates" in schedule
    assert {entry["task"] for entry in schedule.values()} <= set(celery_app.tasks)


# --- certificates -------------------------------------------------------------------------------


def test_certificate_is_rendered_for_an_attendee(django_capture_on_commit_callbacks):
    registration = attended()
    person = registration.user
    mail.outbox.clear()
    with scope_of(person), django_capture_on_commit_callbacks(execute=True):
        services.issue_certificate(registration=registration, actor=person)
    done = fresh(registration)
    assert done.certificate_status == C.READY
    text = PdfReader(io.BytesIO(done.certificate_file.read())).pages[0].extract_text()
    assert "Lena Hoffmann" in text
    assert "Sensorik & Co <Praxis>" in text  # user text is escaped, shown as typed
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_certificates_only_for_attendees():
    event = EventFactory()
    registration = register(event, sme())
    with scope_of(registration.user), pytest.raises(errors.CertificateNotAvailable):
        services.issue_certificate(registration=registration, actor=registration.user)
    assert fresh(registration).certificate_status == C.NONE


def test_only_the_attendee_requests_their_certificate():
    registration = attended()
    with pytest.raises(PermissionRefused):
        services.issue_certificate(registration=registration, actor=sme())


def test_rendering_twice_renders_once(django_capture_on_commit_callbacks):
    registration = attended()
    with scope_of(registration.user), django_capture_on_commit_callbacks(execute=True):
        services.issue_certificate(registration=registration, actor=registration.user)
    first = fresh(registration).certificate_file.name
    assert first
    with scope_of(registration.user), django_capture_on_commit_callbacks(execute=True) as cbs:
        services.issue_certificate(registration=registration, actor=registration.user)
    assert cbs == []  # a ready certificate is not queued again
    with partner_scope(registration.event.organizer_id):
        again = services.render_certificate(registration_id=registration.pk)
    assert again.certificate_file.name == first
    assert again.certificate_status == C.READY


def test_the_task_renders_inside_the_organisers_scope():
    registration = attended()
    with unscoped("test set-up: a pending request"):
        Registration.objects.filter(pk=registration.pk).update(
            certificate_status=C.PENDING, certificate_claimed_at=timezone.now()
        )
    tasks.render_certificate.delay(registration_id=registration.pk)
    assert fresh(registration).certificate_status == C.READY


def test_a_failed_render_keeps_the_error_and_can_be_retried(
    monkeypatch, django_capture_on_commit_callbacks
):
    registration = attended()
    with unscoped("test set-up: a pending request"):
        Registration.objects.filter(pk=registration.pk).update(certificate_status=C.PENDING)

    def broken(*args, **kwargs):
        raise OSError("font missing")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", broken)  # a boundary: the PDF engine
    with partner_scope(registration.event.organizer_id):
        failed = services.render_certificate(registration_id=registration.pk)
    assert failed.certificate_status == C.FAILED
    assert "font missing" in failed.certificate_error
    monkeypatch.undo()
    with scope_of(registration.user), django_capture_on_commit_callbacks(execute=True):
        services.issue_certificate(registration=failed, actor=registration.user)
    assert fresh(registration).certificate_status == C.READY


def test_stuck_pending_certificates_are_queued_again():
    registration = attended()
    with unscoped("test set-up: a request whose task was lost"):
        Registration.objects.filter(pk=registration.pk).update(
            certificate_status=C.PENDING,
            certificate_claimed_at=timezone.now() - timedelta(hours=1),
        )
    assert services.requeue_stuck_certificates() == 1
    assert fresh(registration).certificate_status == C.READY
    assert services.requeue_stuck_certificates() == 0
