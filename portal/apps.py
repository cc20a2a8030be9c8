from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from portal import checks  # noqa: F401  (registers the deploy checks)
        from portal.celery import ensure_broker_folders
        from portal.rls import connect_signals

        connect_signals(self)

        ensure_broker_folders()

        from portal.operations import metrics, observability

        metrics.connect_database_metrics()
        metrics.connect_celery_signals()
        observability.connect_celery_signals()
