"""SME client records: companies, their contacts and SME user accounts, and partner shares.

Tenancy (design §3): a company belongs to its lead partner; other partners see it only through an
explicit, revocable CompanyShare. An SME user sees their own company only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consulting.choices import (
    OPEN_REQUEST_STATES,
    LegalForm,
    MeetingFormat,
    RequestStatus,
    SlotStatus,
    Stage,
)
from consulting.reference import (
    DISTRICT_CHOICES,
    MANUFACTURING_DIVISION_CHOICES,
    SECTION_CHOICES,
)
from consulting.size_class import SizeClass, size_class
from portal.models import InvitationBase, PartnerInstitution
from portal.tenancy import (
    ScopedQuerySet,
    Viewers,
    company_root,
    owned_by,
)

ERASED_TEXT = "[erased]"  # what an erased company's name and texts become (consulting.privacy)

postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a German postcode of five digits."))


class Company(models.Model):
    """An SME client: record, derived size class, lead partner (+ shares)."""

    name = models.CharField(_("company name"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(_("district"), max_length=16, choices=DISTRICT_CHOICES)
    sector_section = models.CharField(
        _("sector (WZ 2008 section)"), max_length=1, choices=SECTION_CHOICES
    )
    sector_division = models.CharField(
        _("manufacturing division (WZ 2008)"),
        max_length=2,
        choices=MANUFACTURING_DIVISION_CHOICES,
        blank=True,
        help_text=_("Only for manufacturing companies (section C)."),
    )
    employees = models.PositiveIntegerField(
        _("employees"),
        validators=[MinValueValidator(1)],
        help_text=_("Headcount in full-time equivalents."),
    )
    annual_turnover = models.DecimalField(
        _("annual turnover (EUR)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    balance_sheet_total = models.DecimalField(
        _("balance-sheet total (EUR)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    lead_partner = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_companies",
        verbose_name=_("lead partner"),
        help_text=_("Empty until the consortium routes the company to a partner."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = company_root(
        lead_partner="lead_partner",
        grants="consulting.CompanyShare",
        members="consulting.CompanyMember",
        consortium=Q(lead_partner__isnull=True),  # not yet routed to a partner
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        base_manager_name = "objects"
        ordering = ["name"]
        indexes = [
            # the company list's default order: a page is read off the index, not sorted
            models.Index(fields=["name", "id"], name="consulting_company_name_idx"),
            # new companies of a lead partner in a period (reports)
            models.Index(fields=["lead_partner", "created_at"], name="consulting_company_lead_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sector_division="") | Q(sector_section="C"),
                name="company_division_only_in_manufacturing",
                violation_error_message=_(
                    "A manufacturing division needs sector C (manufacturing)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consulting:company_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        # Same rule as the check constraint, but reported on the field the user can fix.
        if self.sector_division and self.sector_section != "C":
            raise ValidationError(
                {"sector_division": _("A manufacturing division needs sector C (manufacturing).")}
            )

    @property
    def size_class(self) -> SizeClass | None:
        return size_class(self.employees, self.annual_turnover, self.balance_sheet_total)

    @property
    def is_erased(self) -> bool:
        """The company erased its data: staff pages show it as such, without actions."""
        return self.name.startswith(ERASED_TEXT)

    def get_size_class_display(self) -> str:
        return str(SizeClass(self.size_class).label) if self.size_class else ""

    @property
    def audit_partner_id(self) -> int | None:
        return self.lead_partner_id


class CompanyShare(models.Model):
    """The lead partner lets another partner see a company, for a stated reason, until revoked."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey(PartnerInstitution, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = owned_by(partner=("partner", "company__lead_partner"))

    class Meta:
        verbose_name = _("company share")
        verbose_name_plural = _("company shares")
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "partner"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_share_per_company_and_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.partner}"


class CompanyMember(models.Model):
    """An SME user's account belongs to one company: what they may see and act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_membership"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members")
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = owned_by(company="company")

    class Meta:
        verbose_name = _("company user")
        verbose_name_plural = _("company users")
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"


class Contact(models.Model):
    """A person at the company, with the consent they gave (when, which text version)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    role = models.CharField(_("role in the company"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = owned_by(company="company")

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        base_manager_name = "objects"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CompanyInvitation(InvitationBase):
    """An SME user invites a colleague, whose sign-up then joins the same company."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")

    # Only the company's own users manage colleague invitations.
    objects = owned_by(company="company", viewers=Viewers.COMPANY_USERS)

    class Meta:
        verbose_name = _("colleague invitation")
        verbose_name_plural = _("colleague invitations")
        base_manager_name = "objects"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("consulting:join_company", kwargs={"token": self.token})


class PendingSignup(models.Model):
    """An SME sign-up waiting for its e-mail address to be confirmed (issue #11).

    The company is created, or the colleague's company joined, only once the address is
    confirmed (consulting.signals): no partner or consortium list shows a company nobody has
    vouched for, and an invitation is not used up by someone who cannot read its mail. Not a
    tenant's row: nobody sees it but the sign-up itself. Deleted on confirmation, or after
    PENDING_SIGNUP_DAYS unconfirmed together with the account (privacy housekeeping).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_sme_signup"
    )
    company_data = models.JSONField(default=dict, blank=True)  # empty when joining a colleague
    invitation_token = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=150, blank=True)
    consent_version = models.CharField(max_length=20)
    consent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up awaiting confirmation")
        verbose_name_plural = _("sign-ups awaiting confirmation")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.created_at:%Y-%m-%d})"


# --- booking, requests, advisory sessions -------------------------------------------------------


# Caps on free text: a clear form error instead of megabytes in a row (issue #13).
DESCRIPTION_MAX_LENGTH = 5000
NOTES_MAX_LENGTH = 20000


class AvailabilitySlotQuerySet(ScopedQuerySet):
    def free(self) -> AvailabilitySlotQuerySet:
        from django.utils import timezone

        return self.filter(
            starts_at__gt=timezone.now(), status=SlotStatus.OPEN, booking__isnull=True
        )


class AvailabilitySlot(models.Model):
    """A time a consultant offers for a consultation; taken by at most one request."""

    MODES = [
        (MeetingFormat.ON_SITE.value, MeetingFormat.ON_SITE.label),
        (MeetingFormat.REMOTE.value, MeetingFormat.REMOTE.label),
    ]

    partner = models.ForeignKey(PartnerInstitution, on_delete=models.CASCADE, related_name="+")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("format"), max_length=10, choices=MODES)
    series = models.UUIDField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SlotStatus.choices, default=SlotStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # An SME sees the free slots of every partner and the ones its company booked.
    objects = owned_by(
        partner="partner",
        company="booking__company",
        offered_to_smes=Q(booking__isnull=True, status=SlotStatus.OPEN),
        queryset=AvailabilitySlotQuerySet,
    )

    class Meta:
        verbose_name = _("availability slot")
        verbose_name_plural = _("availability slots")
        base_manager_name = "objects"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self) -> str:
        from django.utils import formats, timezone

        local = timezone.localtime(self.starts_at)
        return f"{formats.date_format(local, 'SHORT_DATETIME_FORMAT')} · {self.consultant}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class ConsultationRequest(models.Model):
    """An SME asks for advice: submitted -> assigned -> scheduled -> completed | declined |
    cancelled. `slot` is cleared when the request lets the slot go, so a slot has one booking."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    topics = models.ManyToManyField("portal.Topic", verbose_name=_("topics"), related_name="+")
    description = models.TextField(
        _("what would you like to discuss?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    preferred_partner = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred partner"),
    )
    partner = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_requests",
        verbose_name=_("partner"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("consultant"),
    )
    slot = models.OneToOneField(
        AvailabilitySlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booking",
    )
    proposed_times = models.TextField(
        _("proposed times"),
        blank=True,
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
    )
    mode = models.CharField(_("format"), max_length=10, choices=MeetingFormat.choices, blank=True)
    scheduled_start = models.DateTimeField(_("appointment"), null=True, blank=True)
    scheduled_end = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The SEQUENCE of the appointment's calendar file (portal/ics.py): raised whenever the
    # appointment moves or ends, so the SME's calendar replaces its copy.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The day-before reminder to the SME went out (sent once; cleared when the time moves).
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The booking form's one-time token (portal.forms.OnceOnlyForm): the same form sent again
    # finds this request instead of making another.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = owned_by(
        partner="partner",
        company="company",
        consortium=Q(partner__isnull=True),  # waiting to be routed
    )

    class Meta:
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        base_manager_name = "objects"
        ordering = ["-created_at"]
        indexes = [
            # a company's latest request (the company list's last contact)
            models.Index(fields=["company", "created_at"], name="consulting_request_company_idx"),
            # requests of a partner made in a period, and its open backlog (reports)
            models.Index(fields=["partner", "created_at"], name="consulting_request_partner_idx"),
            models.Index(fields=["status", "created_at"], name="consulting_request_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scheduled_end__isnull=True)
                | Q(scheduled_end__gt=models.F("scheduled_start")),
                name="request_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self) -> str:
        return _("Request #%(id)s of %(company)s") % {"id": self.pk, "company": self.company}

    def get_absolute_url(self) -> str:
        return reverse("consulting:request_detail", kwargs={"pk": self.pk})

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATES


class AdvisorySession(models.Model):
    """What a consultant logs about one advisory session."""

    MIN_DURATION = 5
    MAX_DURATION = 24 * 60  # one sitting; longer work is several sessions

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="sessions")
    partner = models.ForeignKey(PartnerInstitution, on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(
        ConsultationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session",
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="advisory_sessions", verbose_name=_("consultants")
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)],
    )
    format = models.CharField(_("format"), max_length=10, choices=MeetingFormat.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    topics = models.ManyToManyField("portal.Topic", verbose_name=_("topics"), related_name="+")
    summary = models.TextField(
        _("summary"), max_length=NOTES_MAX_LENGTH, validators=[MaxLengthValidator(NOTES_MAX_LENGTH)]
    )
    outcomes = models.TextField(
        _("outcomes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH)],
    )
    # The company sees the outcomes (and the follow-ups marked as shared) of its own sessions;
    # the summary stays the partner's internal note.
    outcomes_shared = models.BooleanField(_("share the outcomes with the company"), default=False)
    good_practice_consent = models.BooleanField(
        _("the company agrees to be cited as a good-practice case"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A consortium admin who is not a member of the partner sees none (no summaries, no outcomes).
    objects = owned_by(partner="partner", company="company")

    class Meta:
        verbose_name = _("advisory session")
        verbose_name_plural = _("advisory sessions")
        base_manager_name = "objects"
        ordering = ["-date", "-created_at"]
        indexes = [
            # a company's latest session (the company list's last contact); without it the
            # planner walks the date index backwards and filters by company
            models.Index(fields=["company", "date"], name="consulting_session_company_idx"),
            # sessions of one partner in a date range; all partners' sessions in a range (reports)
            models.Index(fields=["partner", "date"], name="consulting_session_partner_idx"),
            models.Index(fields=["date"], name="consulting_session_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.date:%Y-%m-%d} · {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("consulting:session_detail", kwargs={"pk": self.pk})

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class FollowUp(models.Model):
    """A task agreed in a session, with an owner and a due date."""

    session = models.ForeignKey(
        AdvisorySession, on_delete=models.CASCADE, related_name="follow_ups"
    )
    title = models.CharField(_("follow-up"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(null=True, blank=True)
    shared = models.BooleanField(
        _("agreed with the company (it sees this follow-up)"), default=False
    )
    # The owner's daily digest named it as overdue (each overdue follow-up is named once).
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = owned_by(partner="session__partner")  # internal to the partner, not the SME's

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        base_manager_name = "objects"
        ordering = ["due_date"]

    def __str__(self) -> str:
        return self.title
