from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data protection: legal pages, data export and erasure (from each app's privacy.py)."""

    name = "privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        # Periodic jobs are registered by the app, not in settings (the beat reads this dict).
        from portal.celery import app
        from privacy.tasks import BEAT_SCHEDULE

        app.conf.beat_schedule.update(BEAT_SCHEDULE)
