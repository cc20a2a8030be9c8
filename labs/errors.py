"""Domain errors of the labs app; views show their message and change nothing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.errors import BusinessRuleError


class WindowRefused(BusinessRuleError):
    """The chosen time does not fit the lab's rules (past, notice, hours, blackout, length)."""

    default_message = _("This time cannot be booked in this lab.")


class WindowTaken(BusinessRuleError):
    default_message = _("This time is already reserved for another trial in this lab.")


class GuideBusy(BusinessRuleError):
    default_message = _("The guide is already booked for another trial at this time.")
