"""Names of the readiness levels 0-5 (after the IMPULS study's level model; our own wording)."""

from django.utils.translation import gettext_lazy as _

LEVEL_NAMES = (
    _("Outsider"),
    _("Beginner"),
    _("Intermediate"),
    _("Experienced"),
    _("Expert"),
    _("Top performer"),
)


def level_name(level: int) -> str:
    return str(LEVEL_NAMES[max(0, min(5, level))])
