"""Races on PostgreSQL: the event row lock keeps seats and promotions exact (threads)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from events import services
from events.models import Registration
from portal.tenancy import unscoped
from tests.events.factories import EventFactory, scope_of, sme

S = Registration.Status


def run_in_threads(jobs: list[Callable[[], object]]) -> list[BaseException]:
    """Start all jobs at once (behind a barrier); each thread has its own connection."""
    barrier = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def worker(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:  # collected and asserted by the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def counts(event) -> dict[str, int]:
    with unscoped("test assertions"):
        rows = Registration.objects.filter(event=event).values_list("status", flat=True)
        return {status: list(rows).count(status) for status in S.values}


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_ten_seats(postgres):
    event = EventFactory(capacity=10)
    people = [sme() for _ in range(50)]

    def job(person):
        def register():
            with scope_of(person):
                services.register_for_event(event=event, user=person)

        return register

    failures = run_in_threads([job(p) for p in people])
    assert failures == []
    assert counts(event) == {"confirmed": 10, "waitlisted": 40, "cancelled": 0, "attended": 0}
    with unscoped("test assertions"):
        order = list(
            Registration.objects.filter(event=event)
            .order_by("created_at", "pk")
            .values_list("status", flat=True)
        )
    # Arrival order: the first ten holders of the lock got the seats.
    assert order == [S.CONFIRMED] * 10 + [S.WAITLISTED] * 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waitlisted_person_once(postgres):
    event = EventFactory(capacity=10)
    people = [sme() for _ in range(25)]
    registrations = []
    for person in people:
        with scope_of(person):
            registrations.append(services.register_for_event(event=event, user=person))
    seated, waiting = registrations[:10], registrations[10:]
    mail.outbox.clear()

    def job(registration):
        def cancel():
            with scope_of(registration.user):
                services.cancel_registration(registration=registration, actor=registration.user)

        return cancel

    failures = run_in_threads([job(r) for r in seated])
    assert failures == []
    assert counts(event) == {"confirmed": 10, "waitlisted": 5, "cancelled": 10, "attended": 0}
    with unscoped("test assertions"):
        promoted = set(
            Registration.objects.filter(event=event, status=S.CONFIRMED).values_list(
                "pk", flat=True
            )
        )
    assert promoted == {r.pk for r in waiting[:10]}
    promotion_mails = [m.to[0] for m in mail.outbox if "You have a seat" in m.subject]
    assert sorted(promotion_mails) == sorted(r.user.email for r in waiting[:10])


@pytest.mark.django_db(transaction=True)
def test_concurrent_reminder_runs_send_each_reminder_once(postgres):
    event = EventFactory(start=timezone.now() + timedelta(hours=20), capacity=5)
    people = [sme() for _ in range(6)]
    for person in people:
        with scope_of(person):
            services.register_for_event(event=event, user=person)
    mail.outbox.clear()

    failures = run_in_threads([services.send_due_reminders for _ in range(4)])
    assert failures == []
    reminders = sorted(m.to[0] for m in mail.outbox if "Tomorrow" in m.subject)
    assert reminders == sorted(p.email for p in people)
