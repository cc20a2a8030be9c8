"""Forms of economic evaluations: the inputs of a version, a new evaluation, a template.

Choice querysets come from selectors in `__init__` (design §3), never from the class.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consulting.models import Company
from economics import finance
from economics.inputs import CRITERIA, VersionData
from economics.models import Category, MeasureTemplate

ZERO = Decimal(0)


def _money(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=0,
        error_messages={"min_value": _("Enter an amount of 0 or more.")},
    )


def _percent(label: Any, initial: Any = 0, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=initial,
        error_messages={
            "min_value": _("Enter a share between 0 and 100 %%."),
            "max_value": _("Enter a share between 0 and 100 %%."),
        },
    )


def _factor(label: Any, initial: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=5,
        max_digits=4,
        decimal_places=2,
        initial=Decimal(initial),
        help_text=_("1.00 = as entered"),
    )


class InputsForm(forms.Form):
    """A version's inputs; the field names are those of economics.inputs.as_initial()."""

    horizon = forms.IntegerField(
        label=_("Horizon (years)"),
        min_value=1,
        max_value=15,
        initial=5,
        error_messages={
            "min_value": _("The horizon is 1 to 15 years."),
            "max_value": _("The horizon is 1 to 15 years."),
        },
    )
    rate = forms.DecimalField(
        label=_("Discount rate (%)"),
        min_value=0,
        max_value=50,
        max_digits=5,
        decimal_places=2,
        initial=5,
        help_text=_("The return the money could earn elsewhere, or the cost of the loan."),
        error_messages={
            "min_value": _("The rate is 0 to 50 %%."),
            "max_value": _("The rate is 0 to 50 %%."),
        },
    )
    hours_saved = _money(_("Hours saved per year"))
    hourly_rate = _money(_("Hourly rate (EUR)"), _("Full cost of one working hour."))
    stock = _money(Category.STOCK.label, _("One-off, in year 1."))
    ramp_up_1 = _percent(
        _("Ramp-up year 1 (%)"), 100, _("Share of the full yearly benefit reached in that year.")
    )
    ramp_up_2 = _percent(_("Ramp-up year 2 (%)"), 100)
    ramp_up_3 = _percent(_("Ramp-up year 3 (%)"), 100)
    residual_value = _money(_("Residual value at the end (EUR)"))
    funding_share = _percent(_("Funding: grant as a share of the investment (%)"))
    funding_amount = _money(_("Funding: grant as an amount (EUR)"))
    pessimistic_benefits = _factor(_("Pessimistic: factor on benefits"), "0.8")
    pessimistic_costs = _factor(_("Pessimistic: factor on costs"), "1.1")
    optimistic_benefits = _factor(_("Optimistic: factor on benefits"), "1.2")
    optimistic_costs = _factor(_("Optimistic: factor on costs"), "0.95")
    note = forms.CharField(label=_("What changed (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Category.choices)
        for cat in finance.INVESTMENT_CATEGORIES:
            self.fields[f"inv_{cat}"] = _money(labels[cat])
            self.fields[f"inv_{cat}_year"] = forms.IntegerField(
                label=_("Year of spend"),
                min_value=0,
                max_value=15,
                initial=0,
                error_messages={"max_value": _("The year of spend lies within the horizon.")},
            )
        for cat in finance.RUNNING_CATEGORIES:
            self.fields[f"run_{cat}"] = _money(labels[cat])
        for lever in finance.BENEFIT_LEVERS:
            self.fields[f"ben_{lever}"] = _money(labels[lever])
        for key, label in CRITERIA:
            self.fields[f"weight_{key}"] = forms.IntegerField(
                label=_("Weight: %(criterion)s") % {"criterion": label},
                min_value=0,
                max_value=10,
                initial=0,
                help_text=_("0 = not considered"),
            )
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=_("Score: %(criterion)s") % {"criterion": label},
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                initial=3,
            )
        self._style(errors=False)  # validation may only run once subclasses are set up

    def _style(self, *, errors: bool = True) -> None:
        """Bootstrap's classes and the error state on the widgets (templates/economics/
        _field.html renders them without crispy: the form has about 70 fields)."""
        for name, field in self.fields.items():
            widget = field.widget
            base = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                base = "form-check-input"
            classes = [base]
            if errors and self.is_bound and name in self.errors:
                classes.append("is-invalid")
                widget.attrs["aria-invalid"] = "true"
                described = [
                    f"{self[name].auto_id}_error_{n}" for n in range(1, len(self.errors[name]) + 1)
                ]
                if field.help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)
            widget.attrs["class"] = " ".join(classes)

    def full_clean(self) -> None:
        super().full_clean()
        self._style()

    # groups for the template ---------------------------------------------------------------

    def investment_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"inv_{c}"], self[f"inv_{c}_year"]) for c in finance.INVESTMENT_CATEGORIES]

    def running_fields(self) -> list[Any]:
        return [self[f"run_{c}"] for c in finance.RUNNING_CATEGORIES]

    def benefit_fields(self) -> list[Any]:
        return [self[f"ben_{lever}"] for lever in finance.BENEFIT_LEVERS]

    def utility_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(label, self[f"weight_{k}"], self[f"score_{k}"]) for k, label in CRITERIA]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        horizon = data.get("horizon")
        if horizon:
            for cat in finance.INVESTMENT_CATEGORIES:
                year = data.get(f"inv_{cat}_year")
                if year is not None and year > horizon:
                    self.add_error(
                        f"inv_{cat}_year", _("The year of spend lies within the horizon.")
                    )
        if (data.get("funding_share") or ZERO) > 0 and (data.get("funding_amount") or ZERO) > 0:
            self.add_error(
                "funding_amount", _("Give the grant either as a share or as an amount, not both.")
            )
        return data

    def version_data(self) -> VersionData:
        d = self.cleaned_data
        return VersionData(
            horizon=d["horizon"],
            rate=d["rate"],
            investments={
                c: (d[f"inv_{c}"], d[f"inv_{c}_year"]) for c in finance.INVESTMENT_CATEGORIES
            },
            running={c: d[f"run_{c}"] for c in finance.RUNNING_CATEGORIES},
            benefits={lever: d[f"ben_{lever}"] for lever in finance.BENEFIT_LEVERS},
            hours_saved=d["hours_saved"],
            hourly_rate=d["hourly_rate"],
            stock_release=d["stock"],
            ramp_up=(d["ramp_up_1"], d["ramp_up_2"], d["ramp_up_3"]),
            residual_value=d["residual_value"],
            funding_share=d["funding_share"],
            funding_amount=d["funding_amount"],
            pessimistic=(d["pessimistic_benefits"], d["pessimistic_costs"]),
            optimistic=(d["optimistic_benefits"], d["optimistic_costs"]),
            utility=[
                {"key": k, "weight": d[f"weight_{k}"], "score": d[f"score_{k}"]}
                for k, _label in CRITERIA
                if d[f"weight_{k}"]
            ],
            note=d.get("note", ""),
        )


class NewEvaluationForm(InputsForm):
    """A new evaluation: its title, and for staff the company; the inputs as above."""

    title = forms.CharField(label=_("Title"), max_length=200)
    company: forms.ModelChoiceField[Company] = forms.ModelChoiceField(
        label=_("Company"), queryset=None
    )
    template: forms.ModelChoiceField[MeasureTemplate] = forms.ModelChoiceField(
        label=_("Measure type"),
        queryset=None,
        required=False,
        help_text=_("The template whose typical figures were proposed."),
    )

    def __init__(self, *args: Any, companies: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.order_fields(["title", "company", "template"])


class TemplateForm(InputsForm):
    """A partner's measure template: its texts, and the inputs it proposes."""

    title_de = forms.CharField(label=_("Title (German)"), max_length=150)
    title_en = forms.CharField(label=_("Title (English)"), max_length=150)
    hint_de = forms.CharField(label=_("Hints (German)"), widget=forms.Textarea, required=False)
    hint_en = forms.CharField(label=_("Hints (English)"), widget=forms.Textarea, required=False)
    dimension_key = forms.CharField(
        label=_("Assessment dimension it addresses (key)"), max_length=40, required=False
    )
    is_published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    TEXT_FIELDS = ("title_de", "title_en", "hint_de", "hint_en", "dimension_key", "is_published")

    def template_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.TEXT_FIELDS}

    @staticmethod
    def initial_for(template: MeasureTemplate) -> dict[str, Any]:
        from economics.inputs import from_defaults

        initial = from_defaults(template.defaults)
        initial.update({name: getattr(template, name) for name in TemplateForm.TEXT_FIELDS})
        return initial


class ReportForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the PDF"), choices=[("de", _("German")), ("en", _("English"))]
    )


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Version"), min_value=1)
    b = forms.IntegerField(label=_("compared with version"), min_value=1)
