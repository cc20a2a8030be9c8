from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Figures for partners and the consortium (/reports/), read through each app's selectors."""

    name = "reports"
    label = "reports"
    verbose_name = _("Reports")
