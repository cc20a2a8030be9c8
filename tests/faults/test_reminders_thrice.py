"""The reminder job run three times, one after another and three at once, mails each person once
(issue #7, item 7).

Through a real prefork worker with three pool processes on Redis and PostgreSQL. For the runs at
once, the test holds a row lock on the first due registration until all three runs wait for it,
so they are certain to overlap and then race for every registration (tests/events/
test_concurrency.py races the service in threads; this is the beat task in worker processes).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from events import services
from events.models import Registration
from events.tasks import send_due_reminders
from portal.tenancy import unscoped
from tests.conftest import TEST_DB_ROLE
from tests.events.factories import EventFactory, scope_of, sme
from tests.faults.conftest import wait_for

WORKER_CONCURRENCY = 3


def _registered(people: int) -> tuple[object, list]:
    event = EventFactory(start=timezone.now() + timedelta(hours=20), capacity=people)
    persons = [sme() for _ in range(people)]
    for person in persons:
        with scope_of(person):
            services.register_for_event(event=event, user=person)
    return event, persons


def _runs_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        # The app's role (tests/conftest.py) sees no wait events of the worker's sessions, which
        # connect as another role: count as the connecting user, then act as the app again.
        cursor.execute("RESET ROLE")
        try:
            # Inside a transaction PostgreSQL keeps showing its first snapshot of the statistics.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0]
        finally:
            if TEST_DB_ROLE:
                cursor.execute(f"SET ROLE {connection.ops.quote_name(TEST_DB_ROLE)}")


@pytest.mark.django_db(transaction=True)
def test_three_reminder_runs_in_a_row_and_three_at_once_mail_each_person_once(worker):
    first_event, first_people = _registered(6)
    second_event, second_people = _registered(6)
    worker.wait_until_idle()  # the confirmation mails are out
    worker.reset()

    # The second event is not due yet while the three runs in a row go over the first one.
    with unscoped("test: move an event"):
        second_event.start += timedelta(days=3)
        second_event.end += timedelta(days=3)
        second_event.save(update_fields=["start", "end"])
    for _ in range(3):
        send_due_reminders.delay()
        worker.wait_until_idle()
    assert worker.mails_to() == {person.email: 1 for person in first_people}

    with unscoped("test: move the event back into the reminder window"):
        second_event.start -= timedelta(days=3)
        second_event.end -= timedelta(days=3)
        second_event.save(update_fields=["start", "end"])
        first_due = Registration.objects.filter(event=second_event).order_by("pk").first()
        with transaction.atomic():
            # Each run claims the due registrations in pk order: all three stop at this one.
            Registration.objects.select_for_update().get(pk=first_due.pk)
            for _ in range(3):
                send_due_reminders.delay()
            wait_for(lambda: _runs_waiting_for_a_lock() == 3, 60, "three runs at the lock")
    worker.wait_until_idle()

    expected = {person.email: 1 for person in first_people + second_people}
    assert worker.mails_to() == expected
    assert all(
        str(first_event.title) in s or str(second_event.title) in s for s in worker.mail_subjects()
    )
    with unscoped("test assertions"):
        assert not Registration.objects.filter(reminder_sent_at__isnull=True).exists()
