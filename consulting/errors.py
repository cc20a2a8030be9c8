from django.utils.translation import gettext_lazy as _

from portal.errors import BusinessRuleError


class AlreadyInCompany(BusinessRuleError):
    default_message = _("This account already belongs to a company.")
