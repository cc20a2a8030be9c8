"""Consulting forms. Choice querysets come from selectors in __init__, never at class level."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.core import context as allauth_context
from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from consulting import selectors, services
from consulting.choices import HAND_FORMATS
from consulting.consent import CONTACT_CONSENT_VERSION, SIGNUP_CONSENT_VERSION, consent_label
from consulting.models import (
    DESCRIPTION_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    AdvisorySession,
    AvailabilitySlot,
    Company,
    Contact,
    Stage,
)
from consulting.reference import DISTRICT_CHOICES, SECTION_CHOICES
from consulting.services.records import CONTACT_FIELDS, EDITABLE_COMPANY_FIELDS
from consulting.size_class import SizeClass
from portal.forms import (
    CalendarDateField,
    CalendarDateTimeField,
    IdsMultipleChoiceField,
    OnceOnlyForm,
    choice_field,
    model_choice_field,
)
from portal.models import PartnerInstitution, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COMPANY_FIELDS = [
    "name",
    "postcode",
    "city",
    "district",
    "sector_section",
    "sector_division",
    "employees",
]


# Chosen by hand: every format but "lab trial" (logged from a trial's outcome).
HAND_FORMAT_CHOICES = [(f.value, f.label) for f in HAND_FORMATS]


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
        # The label links to the privacy policy: built lazily (language, URL) and marked safe.
        label=lazy(lambda: consent_label(SIGNUP_CONSENT_VERSION), SafeString)(),
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
        super().clean()
        cleaned = self.cleaned_data
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
        """Called by allauth right after it saved the new user; the company follows when the
        address is confirmed (consulting.signals)."""
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        services.start_sme_signup(
            user=user,
            company_data=None if self.invitation else self.company_data(),
            invitation=self.invitation,
            role=self.cleaned_data.get("role", ""),
            consent_version=SIGNUP_CONSENT_VERSION,
        )
        services.forget_pending_company_invitation(request)


class ColleagueInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"), max_length=254)


# --- records, booking, inbox, sessions ----------------------------------------------------------

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime_field(label: StrOrPromise) -> forms.DateTimeField:
    return CalendarDateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class CompanyForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = EDITABLE_COMPANY_FIELDS


class ContactForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=lazy(lambda: consent_label(CONTACT_CONSENT_VERSION), SafeString)(),
        required=False,
    )

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["consent"].initial = self.instance.consent_at is not None


class ShareForm(forms.Form):
    partner: forms.ModelChoiceField[PartnerInstitution] = forms.ModelChoiceField(
        label=_("Share with"), queryset=None
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "partner").queryset = selectors.share_partner_choices(
            company=company
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CompanyFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or city"), required=False, max_length=200)
    district = forms.ChoiceField(label=_("District"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    size_class = forms.ChoiceField(label=_("Size class"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    last_contact = forms.ChoiceField(label=_("Last contact"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("any"))]
        choice_field(self, "district").choices = any_ + list(DISTRICT_CHOICES)
        choice_field(self, "sector").choices = any_ + list(SECTION_CHOICES)
        choice_field(self, "size_class").choices = any_ + list(SizeClass.choices)
        choice_field(self, "topic").choices = any_ + [
            (t.slug, t.name) for t in selectors.active_topics()
        ]
        choice_field(self, "partner").choices = any_ + [
            (str(p.pk), p.short_name) for p in selectors.bookable_partners()
        ]
        choice_field(self, "last_contact").choices = any_ + list(selectors.LAST_CONTACT_CHOICES)
        choice_field(self, "sort").choices = [
            ("name", _("name (A–Z)")),
            ("-name", _("name (Z–A)")),
            ("city", _("city")),
            ("-city", _("city (Z–A)")),
            ("-employees", _("employees (most first)")),
            ("employees", _("employees (fewest first)")),
            ("-last_contact", _("last contact (newest first)")),
            ("last_contact", _("last contact (oldest first)")),
        ]

    def filters(self) -> selectors.CompanyFilters:
        if not self.is_valid():
            return selectors.CompanyFilters()
        data = self.cleaned_data
        return selectors.CompanyFilters(
            q=data["q"].strip(),
            district=data["district"],
            sector=data["sector"],
            size_class=data["size_class"],
            topic=data["topic"],
            partner=int(data["partner"]) if data["partner"] else None,
            last_contact=data["last_contact"],
            sort=data["sort"] or "name",
        )


class SlotForm(forms.Form):
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    mode = forms.ChoiceField(label=_("Format"), choices=AvailabilitySlot.MODES)
    weekly_repeats = forms.IntegerField(
        label=_("Repeat weekly for how many more weeks"),
        min_value=0,
        max_value=26,
        initial=0,
        help_text=_("0 publishes a single slot."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AvailabilitySlot) -> str:
        local = timezone.localtime(obj.starts_at)
        return _("%(when)s, %(partner)s, %(consultant)s, %(mode)s") % {
            "when": date_format(local, "SHORT_DATETIME_FORMAT"),
            "partner": obj.partner.short_name,
            "consultant": obj.consultant,
            "mode": obj.get_mode_display(),
        }


class BookingForm(OnceOnlyForm):
    topics = IdsMultipleChoiceField(
        label=_("Topics"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("What would you like to discuss?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    preferred_partner: forms.ModelChoiceField[PartnerInstitution] = forms.ModelChoiceField(
        label=_("Preferred partner"),
        queryset=None,
        required=False,
        empty_label=_("Route for me: the consortium picks the best partner"),
    )
    slot = SlotChoiceField(
        label=_("A free appointment"),
        queryset=None,
        required=False,
        empty_label=_("none of these: I propose times below"),
    )
    proposed_times = forms.CharField(
        label=_("Times that suit you"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: Tuesdays or Thursdays in the morning, from 10 March."),
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "topics").queryset = selectors.active_topics()
        model_choice_field(self, "preferred_partner").queryset = selectors.bookable_partners()
        model_choice_field(self, "slot").queryset = selectors.free_slots(viewer=viewer)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("slot") and not (cleaned.get("proposed_times") or "").strip():
            self.add_error(
                "proposed_times", _("Please pick a free slot or propose times that suit you.")
            )
        return cleaned


class RescheduleForm(forms.Form):
    slot = SlotChoiceField(label=_("New appointment"), queryset=None)

    def __init__(self, *args: Any, viewer: User, request: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "slot").queryset = selectors.free_slots(
            viewer=viewer, partner=request.partner
        )


class AssignForm(forms.Form):
    consultant: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Consultant"), queryset=None
    )

    def __init__(self, *args: Any, partner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "consultant").queryset = selectors.partner_staff(partner=partner)


class ScheduleForm(forms.Form):
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    mode = forms.ChoiceField(label=_("Format"), choices=HAND_FORMAT_CHOICES)


class RouteForm(forms.Form):
    partner: forms.ModelChoiceField[PartnerInstitution] = forms.ModelChoiceField(
        label=_("Route to"), queryset=None
    )

    def __init__(self, *args: Any, suggestions: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "partner").queryset = selectors.bookable_partners()
        if suggestions:
            self.fields["partner"].initial = suggestions[0].pk


class SessionForm(forms.Form):
    company: forms.ModelChoiceField[Company] = forms.ModelChoiceField(
        label=_("Company"), queryset=None
    )
    date = CalendarDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=AdvisorySession.MIN_DURATION,
        max_value=AdvisorySession.MAX_DURATION,
        initial=60,
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f.value, f.label) for f in HAND_FORMATS]
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    topics = IdsMultipleChoiceField(
        label=_("Topics"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    consultants = IdsMultipleChoiceField(
        label=_("Further consultants"), queryset=None, required=False
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Internal: the company does not see the summary."),
    )
    outcomes = forms.CharField(
        label=_("Outcomes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcomes_shared = forms.BooleanField(
        label=_("Show the outcomes to the company"), required=False
    )
    good_practice_consent = forms.BooleanField(
        label=_("The company agrees to be cited as a good-practice case"), required=False
    )
    follow_up_title = forms.CharField(label=_("Follow-up"), required=False, max_length=300)
    follow_up_owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Follow-up owner"), queryset=None, required=False
    )
    follow_up_due = CalendarDateField(
        label=_("Follow-up due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    follow_up_shared = forms.BooleanField(
        label=_("Agreed with the company: show it this follow-up"), required=False
    )

    def __init__(self, *args: Any, viewer: User, partner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "company").queryset = selectors.company_choices(viewer=viewer)
        model_choice_field(self, "topics").queryset = selectors.active_topics()
        staff = selectors.partner_staff(partner=partner)
        model_choice_field(self, "consultants").queryset = staff.exclude(pk=viewer.pk)
        model_choice_field(self, "follow_up_owner").queryset = staff

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        title = (cleaned.get("follow_up_title") or "").strip()
        if title and not cleaned.get("follow_up_due"):
            self.add_error("follow_up_due", _("A follow-up needs a due date."))
        if title and not cleaned.get("follow_up_owner"):
            self.add_error("follow_up_owner", _("A follow-up needs an owner."))
        due = cleaned.get("follow_up_due")
        if title and due and due < timezone.localdate():
            self.add_error("follow_up_due", _("A follow-up cannot be due in the past."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "First row: column names (name, legal_form, street, postcode, city, district, "
            "sector_section, sector_division, employees, annual_turnover, balance_sheet_total, "
            "website, contact_first_name, contact_last_name, contact_email, contact_phone)."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        """Size and type from the file itself, not from the name or the browser's say-so."""
        from consulting.imports import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        name = upload.name.lower()
        head = upload.read(4096)
        upload.seek(0)
        if name.endswith(".xlsx"):
            if not head.startswith(b"PK\x03\x04"):  # an XLSX file is a ZIP archive
                raise forms.ValidationError(_("The XLSX file could not be read."))
            looks_right = True
        elif name.endswith(".csv"):
            looks_right = b"\x00" not in head and not head.startswith(b"PK\x03\x04")
        else:
            looks_right = False
        if not looks_right:
            raise forms.ValidationError(_("Please upload a CSV or XLSX file."))
        return upload
