"""Portal forms; crispy layouts live here, templates only say {% crispy form %}."""

from __future__ import annotations

import uuid
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.models import Membership, User
from portal.validators import validate_calendar_date


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """`form.fields[name]` as the model choice field it is, to set its queryset from a selector
    in `__init__` (Django types every entry of `fields` as a plain Field)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """`form.fields[name]` as the choice field it is, to set its choices in `__init__`."""
    return cast(forms.ChoiceField, form.fields[name])


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids beyond 64 bits before it queries.

    Django guards `exact` lookups against out-of-range integers but not the `__in` lookup this
    field uses, and SQLite then raises OverflowError: a 500 for a tampered form.
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value or ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django reports a non-number itself
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private, not in the stubs


class CalendarDateField(forms.DateField):
    """A date between portal.validators.FIRST_YEAR and LAST_YEAR."""

    default_validators = [validate_calendar_date]


class CalendarDateTimeField(forms.DateTimeField):
    """A date and time between portal.validators.FIRST_YEAR and LAST_YEAR."""

    default_validators = [validate_calendar_date]


class OnceOnlyForm(forms.Form):
    """A form whose submission may take effect once: it carries a one-time token.

    The token is made when the page is rendered and kept while the form is shown again after an
    error; the service stores it with what it creates, in its transaction (a unique column), so
    the same form sent twice, by a double click, a reload or two tabs, ends on the first result.
    """

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4

    def clean_submission(self) -> uuid.UUID:
        token = self.cleaned_data.get("submission")
        if token is None:
            # An old page (or a script) without its token: show the form with a fresh one.
            data = cast(Any, self.data).copy()  # a QueryDict's copy is mutable
            data[self.add_prefix("submission")] = str(uuid.uuid4())
            self.data = data
            raise ValidationError(
                _("Please send the form again; it was not sent yet."), code="no_submission"
            )
        return token

    def clean(self) -> dict[str, Any]:
        super().clean()
        for error in self.errors.pop("submission", []):
            self.add_error(None, error)  # a hidden field's error would be shown nowhere
        return self.cleaned_data


class StaffInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("invite", _("Send invitation")))


class StaffAccountForm(forms.Form):
    """New person, staff invitation: name and password; the e-mail is the invited one."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("accept", _("Create account and join")))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ProfileForm(forms.ModelForm):
    """A person's own name and the language the portal writes to them in."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
