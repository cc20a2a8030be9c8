"""Domain errors: a service raises one, the view turns its message into a form error."""

from django.utils.translation import gettext_lazy as _


class BusinessRuleError(Exception):
    """A rule of the domain refused the action; the message is shown to the user."""

    default_message = _("This action is not allowed.")

    def __init__(self, message: str | None = None) -> None:
        self.message = message or str(self.default_message)
        super().__init__(self.message)


class PermissionRefused(BusinessRuleError):
    """The actor may see the row but not do this with it (answered with 403)."""

    default_message = _("You are not allowed to do this.")


class InvitationNotUsable(BusinessRuleError):
    default_message = _("This invitation link has expired, was withdrawn or was already used.")
