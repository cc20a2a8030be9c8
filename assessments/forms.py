"""Forms of the readiness check: one step (a dimension, or the IT-security module) at a time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assessments.models import SecurityAnswer
from assessments.selectors import Step


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
        self.fields["before"].choices = choices
        self.fields["after"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("before") is not None and data.get("before") == data.get("after"):
            raise forms.ValidationError(_("Choose two different assessments."))
        return data
