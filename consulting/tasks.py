"""Consulting's beat jobs: thin wrappers that call a service (design §6)."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from portal.tasking import PortalTask

REMINDER_INTERVAL_SECONDS = 15 * 60
DIGEST_AT = crontab(hour=7, minute=0)  # once a day, before the working day


@shared_task(base=PortalTask, name="consulting.send_consultation_reminders", time_limit=600)
def send_consultation_reminders() -> int:
    from consulting.services.reminders import send_consultation_reminders as send

    return send()


@shared_task(base=PortalTask, name="consulting.send_overdue_follow_up_digests", time_limit=600)
def send_overdue_follow_up_digests() -> int:
    from consulting.services.reminders import send_overdue_follow_up_digests as send

    return send()


BEAT_SCHEDULE = {
    "consulting.send_consultation_reminders": {
        "task": "consulting.send_consultation_reminders",
        "schedule": REMINDER_INTERVAL_SECONDS,
    },
    "consulting.send_overdue_follow_up_digests": {
        "task": "consulting.send_overdue_follow_up_digests",
        "schedule": DIGEST_AT,
    },
}
