from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    """Partners' labs and demonstrators, and the trials SMEs run there (issue #15)."""

    name = "labs"
    verbose_name = _("Labs and trials")

    def ready(self) -> None:
        # Periodic jobs are registered by the app, not in settings (the beat reads this dict).
        from labs.tasks import BEAT_SCHEDULE
        from portal.celery import app

        app.conf.beat_schedule.update(BEAT_SCHEDULE)
