"""The reminder the day before, sent exactly once per registration (a beat job)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Event, Registration
from events.services.common import mail_participant
from portal.tenancy import unscoped

REMINDER_LEAD = timedelta(hours=24)


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Beat job: an e-mail the day before, exactly once per registration.

    Each registration is claimed with a conditional UPDATE (`... WHERE reminder_sent_at IS
    NULL`); only the run whose UPDATE changed the row queues the mail, so two runs at the same
    time (or one after the other) send it once. The mail leaves after that claim commits.
    """
    now = now or timezone.now()
    sent = 0
    with unscoped("beat: workshop reminders scan every partner's events"):
        due = list(
            Registration.objects.filter(
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
                reminder_sent_at__isnull=True,
                event__status=Event.Status.PUBLISHED,
                event__start__gt=now,
                event__start__lte=now + REMINDER_LEAD,
            )
            .select_related("event", "user")
            .order_by("pk")
        )
        for registration in due:
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk,
                    reminder_sent_at__isnull=True,
                    status=registration.status,
                ).update(reminder_sent_at=now)
                if claimed:
                    mail_participant(registration, "reminder", event=registration.event)
                    sent += 1
    return sent
