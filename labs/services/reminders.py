"""The reminder the day before an approved trial, sent exactly once (a beat job)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from labs.models import Trial, TrialStatus
from labs.services import notify
from portal.tenancy import unscoped

REMINDER_LEAD = timedelta(hours=24)


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Beat job: approved trials starting within a day get one reminder (SME and guide).

    Each trial is claimed with a conditional UPDATE (`... WHERE reminder_sent_at IS NULL`);
    only the run whose UPDATE changed the row queues the mails, so however often (or however
    concurrently) the job runs, a trial is reminded once. The mails leave after that commit.
    """
    now = now or timezone.now()
    sent = 0
    with unscoped("beat: trial reminders scan every partner's labs"):
        due = list(
            Trial.objects.filter(
                status=TrialStatus.APPROVED,
                reminder_sent_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=now + REMINDER_LEAD,
            )
            .select_related("lab__partner", "company", "guide", "requested_by")
            .order_by("pk")
        )
        for trial in due:
            with transaction.atomic():
                claimed = Trial.objects.filter(
                    pk=trial.pk, reminder_sent_at__isnull=True, status=TrialStatus.APPROVED
                ).update(reminder_sent_at=now)
                if claimed:
                    people = notify.sme_recipients(trial)
                    if trial.guide is not None:
                        people.append(trial.guide)
                    notify.send(trial, "reminder", people, with_calendar=False)
                    sent += 1
    return sent
