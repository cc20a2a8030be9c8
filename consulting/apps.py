from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultingConfig(AppConfig):
    name = "consulting"
    verbose_name = _("Consulting")

    def ready(self) -> None:
        from consulting import signals  # noqa: F401  (connects the sign-up's confirmation)
        from consulting.tasks import BEAT_SCHEDULE
        from portal.celery import app

        # Periodic jobs are registered by the app, not in settings (the beat reads this dict).
        app.conf.beat_schedule.update(BEAT_SCHEDULE)
