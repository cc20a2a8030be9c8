"""Workshop tasks: thin wrappers that load by id and call a service (design §6)."""

from __future__ import annotations

from celery import shared_task

from portal.tasking import PortalTask, ScopedTask

REMINDER_INTERVAL_SECONDS = 15 * 60
COMPLETE_INTERVAL_SECONDS = 60 * 60
STUCK_CERTIFICATES_INTERVAL_SECONDS = 10 * 60


@shared_task(
    base=ScopedTask,
    name="events.render_certificate",
    scope_model="events.Registration",
    scope_arg="registration_id",
    soft_time_limit=60,
    time_limit=90,
)
def render_certificate(*, registration_id: int) -> None:
    from events.services import render_certificate as render

    render(registration_id=registration_id)


@shared_task(base=PortalTask, name="events.send_due_reminders", time_limit=600)
def send_due_reminders() -> int:
    from events.services import send_due_reminders as send

    return send()


@shared_task(base=PortalTask, name="events.complete_finished_events")
def complete_finished_events() -> int:
    from events.services import complete_finished_events as complete

    return complete()


@shared_task(base=PortalTask, name="events.requeue_stuck_certificates")
def requeue_stuck_certificates() -> int:
    from events.services import requeue_stuck_certificates as requeue

    return requeue()


BEAT_SCHEDULE = {
    "events.send_due_reminders": {
        "task": "events.send_due_reminders",
        "schedule": REMINDER_INTERVAL_SECONDS,
    },
    "events.complete_finished_events": {
        "task": "events.complete_finished_events",
        "schedule": COMPLETE_INTERVAL_SECONDS,
    },
    "events.requeue_stuck_certificates": {
        "task": "events.requeue_stuck_certificates",
        "schedule": STUCK_CERTIFICATES_INTERVAL_SECONDS,
    },
}
