"""Domain errors: a service raises one, the view turns its message into a form error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class BusinessRuleError(Exception):
    """A rule of the domain refused the action; the message is shown to the user."""

    default_message = _("This action is not allowed.")

    def __init__(self, message: StrOrPromise | None = None) -> None:
        # Translated now, in the language of the request or task that raised it.
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class PermissionRefused(BusinessRuleError):
    """The actor may see the row but not do this with it (answered with 403)."""

    default_message = _("You are not allowed to do this.")


class TransitionRefused(BusinessRuleError):
    """A life cycle's table (portal/lifecycle.py) does not allow this move now."""

    default_message = _("This is not possible in the current state.")


class InvitationNotUsable(BusinessRuleError):
    default_message = _("This invitation link has expired, was withdrawn or was already used.")
