from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Workshops with booking, waitlist, reminders, check-in and certificates."""

    name = "events"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        # Periodic jobs are registered by the app, not in settings (the beat reads this dict).
        from events import signals  # noqa: F401  (a deleted user's seat goes to the waitlist)
        from events.tasks import BEAT_SCHEDULE
        from portal.celery import app

        app.conf.beat_schedule.update(BEAT_SCHEDULE)
