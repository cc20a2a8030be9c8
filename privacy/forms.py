"""Data protection forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import choice_field
from privacy.models import AccessibilityFeedback, LegalPage


class LegalPageForm(forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["title_de", "body_de", "title_en", "body_en"]
        widgets = {
            "body_de": forms.Textarea(attrs={"rows": 18}),
            "body_en": forms.Textarea(attrs={"rows": 18}),
        }


class AccessibilityFeedbackForm(forms.ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "page_url": _("The address or the name of the page, if you know it."),
            "email": _("Only if you would like an answer."),
        }


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that the names and addresses of our company and of all its people are "
            "replaced for good, and that all of our user accounts are closed."
        ),
        required=True,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Record or person"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Kind of record"), required=False)

    def __init__(self, *args: Any, prefixes: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "action").choices = [("", _("all")), *((p, p) for p in prefixes or [])]
