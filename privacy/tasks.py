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
    "privacy.housekeeping": {
        "task": "privacy.housekeeping",
        "schedule": RETENTION_INTERVAL_SECONDS,
    },
}


@shared_task(base=PortalTask, name="privacy.anonymise_inactive_contacts")
def anonymise_inactive_contacts() -> int:
    from privacy.services import anonymise_inactive_contacts as anonymise

    return anonymise()


@shared_task(base=PortalTask, name="privacy.housekeeping")
def housekeeping() -> dict[str, int]:
    """Expired sessions and sign-ups never confirmed (privacy.services.housekeeping)."""
    from privacy.services import housekeeping as clean

    return clean()
