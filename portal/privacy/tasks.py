"""Data protection jobs: the retention rule, run daily by beat (registered in apps.py)."""

from __future__ import annotations

from celery import shared_task

from portal.tasking import PortalTask

RETENTION_INTERVAL_SECONDS = 24 * 60 * 60

BEAT_SCHEDULE = {
    "privacy.anonymise_inactive_contacts": {
        "task": "privacy.anonymise_inactive_contacts",
        "schedule": RETENTION_INTERVAL_SECONDS,
    },
}


@shared_task(base=PortalTask, name="privacy.anonymise_inactive_contacts")
def anonymise_inactive_contacts() -> int:
    from portal.privacy.services import anonymise_inactive_contacts as anonymise

    return anonymise()
