"""Forms of practice. Choice querysets come from selectors in __init__ (design §3)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting.models import Company
from consulting.reference import (
    DISTRICT_CHOICES,
    MANUFACTURING_DIVISION_CHOICES,
    SECTION_CHOICES,
    THURINGIA_DISTRICTS,
)
from consulting.size_class import SizeClass
from portal.forms import CalendarDateField, IdsMultipleChoiceField, choice_field, model_choice_field
from portal.models import PartnerInstitution, Topic, User
from practice import selectors
from practice.models import (
    FIGURE_LIMIT,
    Case,
    CaseSource,
    InvestmentRange,
    NetworkPartner,
    Referral,
    Technology,
)
from practice.services import REFERRAL_CONSENT_TEXT, CaseData, NetworkPartnerData

ALL: list[tuple[Any, Any]] = [("", _("All"))]
FIGURE_ROWS = 4
assert FIGURE_ROWS <= FIGURE_LIMIT  # noqa: S101 - a constant's sanity check at import


class LibraryFilterForm(forms.Form):
    """The library's filters (GET). Unknown values are ignored with a message, never a 500."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    size_class = forms.ChoiceField(label=_("Company size"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    technology = forms.ChoiceField(label=_("Technology"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "topic").choices = ALL + selectors.topic_choices()
        choice_field(self, "sector").choices = ALL + list(SECTION_CHOICES)
        sizes = [c for c in SizeClass.choices if c[0] != SizeClass.NOT_SME]
        choice_field(self, "size_class").choices = ALL + sizes
        districts = [(key, name) for key, name, _kind in THURINGIA_DISTRICTS]
        choice_field(self, "district").choices = ALL + districts
        choice_field(self, "technology").choices = ALL + list(Technology.choices)

    def filters(self) -> selectors.LibraryFilters:
        if not self.is_bound:
            return selectors.LibraryFilters()
        data = self.cleaned_data if self.is_valid() else {}
        if not data:  # some values were wrong: keep the ones that were right
            data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
        return selectors.LibraryFilters(
            q=data.get("q") or "",
            topic=data.get("topic"),
            sector=data.get("sector") or "",
            size_class=data.get("size_class") or "",
            district=data.get("district") or "",
            technology=data.get("technology") or "",
        )


class CaseForm(forms.ModelForm):
    """A case's content; the before/after figures as up to four rows of fields."""

    topics = IdsMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    technologies = forms.MultipleChoiceField(
        label=_("Technologies"),
        choices=Technology.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners_involved = IdsMultipleChoiceField(
        label=_("Other partners involved"),
        queryset=PartnerInstitution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector_division = forms.ChoiceField(
        label=_("WZ 2008 division (manufacturing)"),
        required=False,
        choices=[("", "—"), *MANUFACTURING_DIVISION_CHOICES],
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "summary",
            "company",
            "sector_section",
            "sector_division",
            "size_class",
            "district",
            "topics",
            "technologies",
            "starting_point",
            "approach",
            "result",
            "lessons",
            "investment_range",
            "duration_months",
            "source",
            "partners_involved",
            "image",
            "image_alt",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "starting_point": forms.Textarea(attrs={"rows": 4}),
            "approach": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "starting_point": _("With numbers: what it cost, how long it took, what went wrong."),
            "company": _(
                "The company approves the case; it is named only if it agrees, otherwise "
                "described by sector, size and district."
            ),
        }

    def __init__(
        self, *args: Any, viewer: User, partner: PartnerInstitution, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        companies = selectors.referable_companies(viewer=viewer, partner=partner)
        model_choice_field(self, "company").queryset = companies
        model_choice_field(self, "topics").queryset = Topic.objects.filter(is_active=True)
        model_choice_field(self, "partners_involved").queryset = PartnerInstitution.objects.exclude(
            pk=partner.pk
        )
        choice_field(self, "district").choices = DISTRICT_CHOICES
        choice_field(self, "investment_range").choices = InvestmentRange.choices
        choice_field(self, "source").choices = CaseSource.choices
        if self.instance.pk:
            self.initial.setdefault("technologies", self.instance.technology_keys)
            self.initial.setdefault("topics", list(self.instance.topics.all()))
            self.initial.setdefault(
                "partners_involved", list(self.instance.partners_involved.all())
            )
        rows = list(self.initial.get("figures") or self.instance.figures or [])
        for n in range(FIGURE_ROWS):
            row = rows[n] if n < len(rows) else {}
            self.fields[f"figure_{n}_label"] = forms.CharField(
                label=_("Figure %(n)d: what") % {"n": n + 1},
                required=False,
                max_length=80,
                initial=row.get("label", ""),
            )
            self.fields[f"figure_{n}_unit"] = forms.CharField(
                label=_("unit"), required=False, max_length=20, initial=row.get("unit", "")
            )
            self.fields[f"figure_{n}_before"] = forms.DecimalField(
                label=_("before"),
                required=False,
                max_digits=12,
                decimal_places=2,
                initial=row.get("before"),
            )
            self.fields[f"figure_{n}_after"] = forms.DecimalField(
                label=_("after"),
                required=False,
                max_digits=12,
                decimal_places=2,
                initial=row.get("after"),
            )

    @property
    def figure_rows(self) -> list[list[Any]]:
        return [
            [self[f"figure_{n}_{part}"] for part in ("label", "unit", "before", "after")]
            for n in range(FIGURE_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        figures = []
        for n in range(FIGURE_ROWS):
            label = (data.get(f"figure_{n}_label") or "").strip()
            before, after = data.get(f"figure_{n}_before"), data.get(f"figure_{n}_after")
            if not label and before is None and after is None:
                continue
            if not label or before is None or after is None:
                self.add_error(
                    f"figure_{n}_label",
                    _("A figure needs what it measures and a number before and after."),
                )
                continue
            figures.append(
                {
                    "label": label,
                    "unit": (data.get(f"figure_{n}_unit") or "").strip(),
                    "before": float(before),
                    "after": float(after),
                }
            )
        data["figures"] = figures
        if data.get("sector_division") and data.get("sector_section") != "C":
            self.add_error("sector_division", _("A manufacturing division needs sector C."))
        return data

    def case_data(self) -> CaseData:
        d = self.cleaned_data
        return CaseData(
            title=d["title"],
            summary=d["summary"],
            company=d.get("company"),
            sector_section=d["sector_section"],
            sector_division=d.get("sector_division") or "",
            size_class=d["size_class"],
            district=d["district"],
            topics=list(d["topics"]),
            technologies=list(d.get("technologies") or []),
            starting_point=d["starting_point"],
            approach=d["approach"],
            result=d["result"],
            lessons=d.get("lessons") or "",
            investment_range=d["investment_range"],
            duration_months=d["duration_months"],
            figures=d["figures"],
            partners_involved=list(d.get("partners_involved") or []),
            source=d["source"],
            image=d.get("image"),
            image_alt=d.get("image_alt") or "",
        )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What should change?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class SendForApprovalForm(forms.Form):
    contact_name = forms.CharField(label=_("Contact at the company"), max_length=200)
    contact_email = forms.EmailField(label=_("Their e-mail address"))


class ApprovalForm(forms.Form):
    """The company's answer. `text_hash` is the fingerprint of the text it was shown."""

    text_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    approver_name = forms.CharField(label=_("Your name"), max_length=200)
    may_name_company = forms.BooleanField(
        label=_("Our company may be named in this case"),
        required=False,
        help_text=_("Otherwise the case describes it only by sector, size and district."),
    )
    comment = forms.CharField(
        label=_("Comment (optional; required if you do not approve)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawPermissionForm(forms.Form):
    keep_anonymous = forms.BooleanField(
        label=_("Keep the case online without our name (otherwise it goes offline)"),
        required=False,
    )


class ReferralForm(forms.Form):
    company: forms.ModelChoiceField[Company] = forms.ModelChoiceField(
        label=_("Company"), queryset=None
    )
    network_partner: forms.ModelChoiceField[NetworkPartner] = forms.ModelChoiceField(
        label=_("Network partner"), queryset=None
    )
    topics = IdsMultipleChoiceField(
        label=_("Topics"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Why this partner"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent = forms.BooleanField(label=REFERRAL_CONSENT_TEXT)
    consent_given_by = forms.CharField(label=_("Consent given by (name)"), max_length=200)
    follow_up_on = CalendarDateField(
        label=_("Follow up on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, viewer: User, partner: PartnerInstitution, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "company").queryset = selectors.referable_companies(
            viewer=viewer, partner=partner
        )
        model_choice_field(self, "network_partner").queryset = NetworkPartner.objects.filter(
            is_active=True
        )
        model_choice_field(self, "topics").queryset = Topic.objects.filter(is_active=True)

    def clean_follow_up_on(self) -> Any:
        value = self.cleaned_data["follow_up_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The follow-up date cannot be in the past."))
        return value


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class NetworkPartnerForm(forms.ModelForm):
    districts = forms.MultipleChoiceField(
        label=_("Districts (none: all of Thuringia)"),
        required=False,
        choices=[(key, name) for key, name, _kind in THURINGIA_DISTRICTS],
        widget=forms.CheckboxSelectMultiple,
    )
    topics = IdsMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = NetworkPartner
        fields = [
            "name",
            "slug",
            "kind",
            "city",
            "description",
            "description_en",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "districts",
            "topics",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "topics").queryset = Topic.objects.filter(is_active=True)
        if self.instance.pk:
            self.initial["districts"] = self.instance.district_keys
            self.initial["topics"] = list(self.instance.topics.all())

    def partner_data(self) -> NetworkPartnerData:
        d = self.cleaned_data
        return NetworkPartnerData(
            name=d["name"],
            slug=d["slug"],
            kind=d["kind"],
            description=d["description"],
            description_en=d.get("description_en") or "",
            city=d["city"],
            website=d.get("website") or "",
            contact_name=d.get("contact_name") or "",
            contact_email=d.get("contact_email") or "",
            contact_phone=d.get("contact_phone") or "",
            districts=list(d.get("districts") or []),
            topics=list(d.get("topics") or []),
            is_active=bool(d.get("is_active")),
        )
