"""Refusals of the economics services (shown to the user as form or page messages)."""

from django.utils.translation import gettext_lazy as _

from portal.errors import BusinessRuleError, PermissionRefused


class NotYours(PermissionRefused):
    default_message = _("You may not change evaluations of this company.")


class WrongCompany(BusinessRuleError):
    default_message = _("The session or assessment cited belongs to another company.")
