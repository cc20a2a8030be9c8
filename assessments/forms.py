"""Forms of the readiness check: one step (a dimension, or the IT-security module) at a time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assessments.models import SecurityAnswer
from assessments.selectors import Step
from portal.forms import choice_field


class StepForm(forms.Form):
    """Radio buttons per question (or per requirement); nothing is required, so a step can be
    saved half done and resumed. Choices come from the assessment's own questionnaire version."""

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        for question in step.questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(o.pk, f"{o.level} – {o.text}") for o in question.options.all()],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=question.chosen_option_id,
            )
        for area in step.areas:
            for requirement in area.requirements.all():
                label = requirement.text
                if requirement.critical:
                    label = f"{label} ({_('critical')})"
                self.fields[f"r{requirement.pk}"] = forms.ChoiceField(
                    label=label,
                    choices=SecurityAnswer.Status.choices,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=requirement.chosen_status or None,
                )

    def answers(self) -> dict[int, int]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and value not in (None, "")
        }

    def security(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("r") and value
        }

    def grouped(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The IT-security step: (area, its requirements' fields)."""
        return [(a, [self[f"r{r.pk}"] for r in a.requirements.all()]) for a in self.step.areas]


class ReportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)


class CompareForm(forms.Form):
    """Two of the company's completed assessments; choices set from a selector in __init__."""

    before = forms.TypedChoiceField(label=_("Earlier assessment"), coerce=int)
    after = forms.TypedChoiceField(label=_("Later assessment"), coerce=int)

    def __init__(self, *args: Any, assessments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(a.pk, f"{a.completed_at:%Y-%m-%d}") for a in assessments]
        choice_field(self, "before").choices = choices
        choice_field(self, "after").choices = choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("before") is not None and data.get("before") == data.get("after"):
            raise forms.ValidationError(_("Choose two different assessments."))
        return data


class StaffListFilter(forms.Form):
    """Filters of the staff list of completed assessments (GET; bad values are ignored)."""

    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), *((n, str(n)) for n in range(6))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    red_flags = forms.ChoiceField(
        label=_("IT-security red flags"),
        required=False,
        choices=[("", _("With or without")), ("yes", _("With red flags")), ("no", _("None"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def apply(self, queryset: Any) -> Any:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("level") is not None:
            queryset = queryset.filter(result__level=data["level"])
        if data.get("red_flags") == "yes":
            queryset = queryset.exclude(result__red_flags=[])
        elif data.get("red_flags") == "no":
            queryset = queryset.filter(result__red_flags=[])
        return queryset
