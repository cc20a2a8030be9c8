"""Lab tasks: thin wrappers that call a service (design §6)."""

from __future__ import annotations

from celery import shared_task

from portal.tasking import PortalTask

REMINDER_INTERVAL_SECONDS = 15 * 60


@shared_task(base=PortalTask, name="labs.send_due_reminders", time_limit=600)
def send_due_reminders() -> int:
    from labs.services import send_due_reminders as send

    return send()


BEAT_SCHEDULE = {
    "labs.send_due_reminders": {
        "task": "labs.send_due_reminders",
        "schedule": REMINDER_INTERVAL_SECONDS,
    },
}
