from django.utils.translation import gettext_lazy as _

from portal.errors import BusinessRuleError


class AlreadyInCompany(BusinessRuleError):
    default_message = _("This account already belongs to a company.")


class SlotTaken(BusinessRuleError):
    default_message = _(
        "Sorry, this slot has just been booked by someone else. Please pick another."
    )


class TooLateToChange(BusinessRuleError):
    default_message = _(
        "Appointments can be cancelled or moved only up to 24 hours before they start."
    )


class InvalidTransition(BusinessRuleError):
    default_message = _("This request cannot be changed in its current state.")


class SlotOverlaps(BusinessRuleError):
    default_message = _("This consultant already has a slot at this time.")
