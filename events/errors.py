"""Domain errors of the workshops: each says in words the user understands what went wrong."""

from django.utils.translation import gettext_lazy as _

from portal.errors import BusinessRuleError


class RegistrationClosed(BusinessRuleError):
    default_message = _("Registration for this workshop is closed.")


class EventNotOpen(BusinessRuleError):
    default_message = _("This workshop is not open for registration.")


class AlreadyRegistered(BusinessRuleError):
    default_message = _("You are registered for this workshop already.")


class CapacityBelowConfirmed(BusinessRuleError):
    default_message = _("The capacity cannot be lower than the number of confirmed participants.")


class InvalidCapacity(BusinessRuleError):
    default_message = _("Please enter a capacity of at least one seat.")


class NotCheckedInable(BusinessRuleError):
    default_message = _("Only confirmed participants can be checked in.")


class RegistrationNotActive(BusinessRuleError):
    default_message = _("This registration was cancelled already.")


class WrongEventState(BusinessRuleError):
    default_message = _("This cannot be done in the workshop's current state.")


class CertificateNotAvailable(BusinessRuleError):
    default_message = _("Certificates of attendance are only issued to people who attended.")


class FeedbackNotPossible(BusinessRuleError):
    default_message = _("Feedback can be given by participants after the workshop has started.")
