"""Consulting forms. Choice querysets come from selectors in __init__, never at class level."""

from __future__ import annotations

from typing import Any

from allauth.core import context as allauth_context
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from consulting import services
from consulting.models import Company
from portal.models import User

# The wording of the consent checkbox; a change of text gets a new version (recorded per contact).
SIGNUP_CONSENT_VERSION = "2026-11"
COMPANY_FIELDS = [
    "name",
    "postcode",
    "city",
    "district",
    "sector_section",
    "sector_division",
    "employees",
]


class CompanyFieldsForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = COMPANY_FIELDS


class CompanySignupForm(forms.Form):
    """Extra fields of allauth's sign-up: the person, their company, and their consent.

    With a colleague's invitation in the session, the company fields are dropped and the new
    account joins that company instead of creating one.
    """

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.CharField(label=_("Your role in the company"), max_length=150, required=False)
    privacy_consent = forms.BooleanField(
        label=_(
            "I agree that the competence centre stores my details to advise my company "
            "and may contact me about it. I can withdraw this at any time."
        ),
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = allauth_context.request  # allauth does not hand the request to this form
        self.invitation = services.pending_company_invitation(request) if request else None
        if self.invitation is None:
            company_form = CompanyFieldsForm()
            for name in COMPANY_FIELDS:
                field = company_form.fields[name]
                self.fields[f"company_{name}"] = field
            self.fields["company_name"].label = _("Company name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        email = (cleaned.get("email") or "").lower()
        if self.invitation is not None and email and email != self.invitation.email.lower():
            self.add_error(
                "email",
                _("Please sign up with the address your colleague invited: %(email)s")
                % {"email": self.invitation.email},
            )
        if self.invitation is None:
            # Check the company now, not on a second submit; fields already in error are skipped.
            failed = [name for name in COMPANY_FIELDS if f"company_{name}" in self.errors]
            company = Company(**self.company_data())
            try:
                company.full_clean(exclude=failed)
            except forms.ValidationError as error:
                for field, messages in error.message_dict.items():
                    target = f"company_{field}" if f"company_{field}" in self.fields else None
                    for message in messages:
                        self.add_error(target, message)
        return cleaned

    def company_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(f"company_{name}") or "" for name in COMPANY_FIELDS} | {
            "employees": self.cleaned_data.get("company_employees")
        }

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth right after it saved the new user."""
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        services.register_sme_user(
            user=user,
            company_data=None if self.invitation else self.company_data(),
            invitation=self.invitation,
            role=self.cleaned_data.get("role", ""),
            consent_version=SIGNUP_CONSENT_VERSION,
        )
        services.forget_pending_company_invitation(request)


class ColleagueInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))
