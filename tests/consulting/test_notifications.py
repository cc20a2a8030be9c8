"""Issue #13: who hears of what, once, in their own language; what the SME sees of its own
consultations; the staff dashboard's count of what waits for them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consulting import services
from consulting.models import FollowUp, MeetingFormat, Stage
from consulting.services.reminders import (
    send_consultation_reminders,
    send_overdue_follow_up_digests,
)
from portal.celery import app as celery_app
from portal.tenancy import unscoped
from tests.access import client_for
from tests.consulting.factories import SlotFactory
from tests.lifecycle import reload


def _booked_tomorrow(world, hours=20):
    slot = SlotFactory(
        partner=world.partner_a,
        consultant=world.consultant_a,
        starts_at=timezone.now() + timedelta(hours=hours),
    )
    return services.book_consultation(
        actor=world.sme_a, topics=[world.sensors], description="x", slot=slot
    )


def test_the_sme_is_reminded_the_day_before_once_in_its_language(
    world, django_capture_on_commit_callbacks
):
    world.sme_a.language = "de"
    world.sme_a.save()
    request = _booked_tomorrow(world)
    later = _booked_tomorrow(world, hours=60)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_consultation_reminders() == 1
        assert send_consultation_reminders() == 0  # a second run sends nothing
    (reminder,) = mail.outbox
    assert reminder.to == [world.sme_a.email]
    assert "Erinnerung" in reminder.subject
    assert "Erinnerung" in reminder.alternatives[0][0]
    assert reload(request).reminder_sent_at is not None
    assert reload(later).reminder_sent_at is None


def test_a_cancelled_consultation_is_not_reminded(world, django_capture_on_commit_callbacks):
    request = _booked_tomorrow(world, hours=30)
    services.cancel_request(actor=world.sme_a, request=request)
    with unscoped("test: the appointment comes closer"):
        type(request).objects.filter(pk=request.pk).update(
            scheduled_start=timezone.now() + timedelta(hours=2),
            scheduled_end=timezone.now() + timedelta(hours=3),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_consultation_reminders() == 0


def test_the_jobs_are_on_the_beat_schedule():
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "consulting.send_consultation_reminders" in tasks
    assert "consulting.send_overdue_follow_up_digests" in tasks


def _session_with_follow_ups(world, *, shared_outcome=True):
    return services.log_session(
        actor=world.consultant_a,
        partner=world.partner_a,
        company=world.company_a,
        date=timezone.localdate(),
        duration_minutes=60,
        format=MeetingFormat.ON_SITE,
        stage=Stage.FIRST_CONTACT,
        topics=[world.sensors],
        summary="Intern: Liquidität knapp",
        outcomes="Sensorik an Fräse 3 nachrüsten",
        outcomes_shared=shared_outcome,
        follow_ups=[
            services.FollowUpData(
                "Angebot Sensorik schicken", world.consultant_a, timezone.localdate(), shared=True
            ),
            services.FollowUpData(
                "Intern: Bonität prüfen", world.consultant_a, timezone.localdate()
            ),
        ],
    )


def test_overdue_follow_ups_come_in_one_daily_digest_once(
    world, django_capture_on_commit_callbacks
):
    world.consultant_a.language = "en"
    world.consultant_a.save()
    _session_with_follow_ups(world)
    with unscoped("test: the due date passes"):
        FollowUp.objects.update(due_date=timezone.localdate() - timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_follow_up_digests() == 1
        assert send_overdue_follow_up_digests() == 0
    (digest,) = mail.outbox
    assert digest.to == [world.consultant_a.email]
    assert "2 follow-ups are overdue" in digest.subject
    assert "Angebot Sensorik schicken" in digest.body
    assert "Alpha Fräserei GmbH" in digest.alternatives[0][0]


def test_the_sme_sees_the_shared_outcome_and_follow_ups_of_its_consultation(world):
    request = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Mo",
    )
    services.assign_request(
        actor=world.consultant_a, request=request, consultant=world.consultant_a
    )
    services.log_session(
        actor=world.consultant_a,
        partner=world.partner_a,
        company=world.company_a,
        request=reload(request),
        date=timezone.localdate(),
        duration_minutes=60,
        format=MeetingFormat.ON_SITE,
        stage=Stage.FIRST_CONTACT,
        topics=[world.sensors],
        summary="Intern: Liquidität knapp",
        outcomes="Sensorik an Fräse 3 nachrüsten",
        outcomes_shared=True,
        follow_ups=[
            services.FollowUpData(
                "Angebot Sensorik schicken", world.consultant_a, timezone.localdate(), shared=True
            ),
            services.FollowUpData(
                "Intern: Bonität prüfen", world.consultant_a, timezone.localdate()
            ),
        ],
    )
    page = client_for(world.sme_a).get(request.get_absolute_url()).content.decode()
    assert "Sensorik an Fräse 3 nachrüsten" in page
    assert "Angebot Sensorik schicken" in page
    assert "Liquidität" not in page  # the summary stays internal
    assert "Bonität" not in page  # and so does an internal follow-up
    other = client_for(world.sme_b).get(request.get_absolute_url())
    assert other.status_code == 404


def test_an_unshared_outcome_stays_internal(world):
    request = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Mo",
    )
    services.log_session(
        actor=world.consultant_a,
        partner=world.partner_a,
        company=world.company_a,
        request=request,
        date=timezone.localdate(),
        duration_minutes=60,
        format=MeetingFormat.ON_SITE,
        stage=Stage.FIRST_CONTACT,
        topics=[world.sensors],
        summary="Intern",
        outcomes="Nur für uns",
    )
    page = client_for(world.sme_a).get(request.get_absolute_url()).content.decode()
    assert "Nur für uns" not in page
    assert "has not shared a written outcome" in page


def test_the_dashboard_counts_what_waits_for_the_staff_member(world):
    services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Mo",
    )
    page = client_for(world.admin_a).get(reverse("dashboard"))
    stats = {str(s.label): s.value for s in page.context["stats"]}
    assert stats["Waiting for you"] == 1
    page = client_for(world.consultant_b).get(reverse("dashboard"))
    stats = {str(s.label): s.value for s in page.context["stats"]}
    assert stats["Waiting for you"] == 0


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("de", "Neue Beratungsanfrage", "hat eine Beratung angefragt"),
        ("en", "New consultation request", "has asked for a consultation"),
    ],
)
def test_staff_mails_have_both_parts_in_the_recipients_language(
    world, django_capture_on_commit_callbacks, language, subject, sentence
):
    world.admin_a.language = language
    world.admin_a.save()
    world.sme_a.language = "de" if language == "en" else "en"  # the one who acts differs
    world.sme_a.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.book_consultation(
            actor=world.sme_a,
            topics=[world.sensors],
            description="Sensorik",
            preferred_partner=world.partner_a,
            proposed_times="Mo",
        )
    (message,) = [m for m in mail.outbox if m.to == [world.admin_a.email]]
    assert subject in message.subject
    assert sentence in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert sentence in html
    assert f'lang="{language}"' in html


def test_the_smes_company_page_shows_shared_outcomes_and_agreed_steps_only(world):
    _session_with_follow_ups(world)
    page = client_for(world.sme_a).get(reverse("consulting:my_company"), follow=True)
    page = page.content.decode()
    assert "Sensorik an Fräse 3 nachrüsten" in page
    assert "Agreed next step: Angebot Sensorik schicken" in page
    assert "Liquidität" not in page
    assert "Bonität" not in page
    unshared = client_for(world.sme_b).get(reverse("consulting:my_company"), follow=True)
    unshared = unshared.content.decode()
    assert "Fräse 3" not in unshared


def test_the_consortium_dashboard_counts_the_requests_to_route(world):
    services.book_consultation(
        actor=world.sme_a, topics=[world.sensors], description="x", proposed_times="Mo"
    )
    page = client_for(world.consortium).get(reverse("dashboard"))
    stats = {str(s.label): s.value for s in page.context["stats"]}
    assert stats["Requests to route"] == 1
    assert "What waits for you" in page.content.decode()
