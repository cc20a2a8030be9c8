from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Workshops with booking, waitlist and certificates (built by its own issue)."""

    name = "events"
    verbose_name = _("Workshops")
