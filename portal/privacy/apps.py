from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data protection: legal pages, data export and erasure (from each app's privacy.py)."""

    name = "portal.privacy"
    label = "privacy"
    verbose_name = _("Data protection")
