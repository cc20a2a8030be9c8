from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Industry 4.0 readiness assessments with PDF reports (built by its own issue)."""

    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from assessments import signals  # noqa: F401  (a deleted latest result is replaced)
