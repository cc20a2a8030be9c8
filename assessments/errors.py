"""Domain errors of the readiness check; each message is shown to the user as it is."""

from django.utils.translation import gettext_lazy as _

from portal.errors import BusinessRuleError


class AssessmentError(BusinessRuleError):
    default_message = _("This assessment cannot be changed like this.")


class NoQuestionnaire(AssessmentError):
    default_message = _("No questionnaire is published yet. Please try again later.")


class NotYourCompany(AssessmentError):
    default_message = _("Only users of the company can fill in its assessment.")


class AlreadyCompleted(AssessmentError):
    default_message = _("This assessment is completed; its answers can no longer be changed.")


class ArchivedVersion(AssessmentError):
    default_message = _(
        "This questionnaire version has been replaced. Please start a new assessment."
    )


class InvalidAnswer(AssessmentError):
    default_message = _("An answer does not belong to this questionnaire. Nothing was saved.")


class Incomplete(AssessmentError):
    default_message = _("Please answer every question before completing the assessment.")


class NotCompleted(AssessmentError):
    default_message = _("A report can only be requested for a completed assessment.")
