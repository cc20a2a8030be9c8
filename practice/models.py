"""Good practice and the network (design §4 "Case"; issue #16).

Tenancy (design §3):
- A `Case` belongs to the partner that wrote it. Published cases are public; every other state
  only the partner's staff see, and the company the case is about (its SME users approve it).
- `CaseApproval` (who confirmed which text, when) is the partner's record.
- `CaseViewDay` counts page views per case and day, for the figures (the partner's).
- `Referral`: a consultant of a partner refers a company to a network partner; it belongs to
  that partner and to the company (on its timeline).
- `NetworkPartner` is no tenant: organisations outside the consortium, kept by consortium admins
  and listed publicly.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consulting.models import AdvisorySession, Company
from consulting.reference import DISTRICT_CHOICES, SECTION_CHOICES
from consulting.size_class import SizeClass
from portal.models import PartnerInstitution, Topic
from portal.tenancy import ScopedQuerySet, Viewers, owned_by


class Technology(models.TextChoices):
    """The technologies a case is filed under (a short, fixed list: filters need fixed keys)."""

    SENSORS = "sensors", _("Sensors and condition monitoring")
    MACHINE_DATA = "machine_data", _("Machine data acquisition")
    COBOT = "cobot", _("Collaborative robots")
    VISION = "vision", _("Image processing and optical inspection")
    ADDITIVE = "additive", _("3D printing")
    ERP_MES = "erp_mes", _("ERP / MES software")
    CLOUD = "cloud", _("Cloud and dashboards")
    AI = "ai", _("Machine learning")
    AR_VR = "ar_vr", _("Augmented and virtual reality")
    RFID = "rfid", _("RFID and tracking")
    SIMULATION = "simulation", _("Simulation and digital twin")
    SECURITY = "security", _("IT security measures")


class InvestmentRange(models.TextChoices):
    UNDER_10K = "lt10k", _("under EUR 10,000")
    UNDER_50K = "10k-50k", _("EUR 10,000 – 50,000")
    UNDER_250K = "50k-250k", _("EUR 50,000 – 250,000")
    OVER_250K = "gt250k", _("over EUR 250,000")


class CaseSource(models.TextChoices):
    SESSION = "session", _("Advisory session")
    LAB_TRIAL = "lab_trial", _("Lab trial")
    EVALUATION = "evaluation", _("Economic evaluation")
    OTHER = "other", _("Other project")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    AWAITING_COMPANY = "awaiting_company", _("Awaiting the company's approval")
    APPROVED = "approved", _("Approved by the company")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The fields whose exact text the company approves (with the figures): any change to one of
# them after an approval makes the approval stale, and the case cannot be published on it.
APPROVED_TEXT_FIELDS = (
    "title",
    "summary",
    "starting_point",
    "approach",
    "result",
    "lessons",
    "investment_range",
    "duration_months",
    "figures",
    "image",
    "image_alt",
)


IMAGE_MAX_BYTES = 2 * 1024 * 1024


def validate_image_size(file: Any) -> None:
    if file.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("The picture may be at most 2 MB."))


class CaseQuerySet(ScopedQuerySet):
    def published(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.PUBLISHED)


class Case(models.Model):
    """A good-practice case: what one SME did, told so that peers can copy it."""

    partner = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("partner"),
    )
    partners_involved = models.ManyToManyField(
        PartnerInstitution,
        blank=True,
        related_name="+",
        verbose_name=_("other partners involved"),
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    # Set only by the company's approval (services.decide_approval): named on the public page,
    # with the name as it stood when the company approved (the company record itself is not
    # public, and row-level security keeps it from a visitor's query).
    company_named = models.BooleanField(_("company named"), default=False, editable=False)
    company_name = models.CharField(_("name shown"), max_length=200, blank=True, editable=False)
    sector_section = models.CharField(
        _("sector (WZ 2008 section)"), max_length=1, choices=SECTION_CHOICES
    )
    sector_division = models.CharField(_("WZ 2008 division"), max_length=2, blank=True)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices)
    district = models.CharField(_("district"), max_length=16, choices=DISTRICT_CHOICES)
    topics: models.ManyToManyField[Topic, Any] = models.ManyToManyField(
        Topic, related_name="practice_cases", verbose_name=_("topics")
    )
    # Keys of Technology, stored as ",a,b," so that one LIKE filters on SQLite and PostgreSQL.
    technologies = models.CharField(_("technologies"), max_length=300, blank=True)
    starting_point = models.TextField(_("starting point"))
    approach = models.TextField(_("what was done and how"))
    result = models.TextField(_("result"))
    lessons = models.TextField(_("what did not work at first"), blank=True)
    investment_range = models.CharField(
        _("investment"), max_length=10, choices=InvestmentRange.choices
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    # Before/after figures: [{"label": str, "unit": str, "before": num, "after": num}, ...]
    figures = models.JSONField(_("before and after"), default=list, blank=True)
    # Optional picture (validated: an image Pillow can open, at most 2 MB, with a description).
    image = models.ImageField(
        _("picture"),
        upload_to="practice/cases/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_image_size],
    )
    image_alt = models.CharField(_("description of the picture"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=CaseSource.choices)
    source_session = models.ForeignKey(
        AdvisorySession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advisory session"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    text_version = models.PositiveIntegerField(_("text version"), default=1, editable=False)
    review_note = models.CharField(_("note of the review"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    # Published cases are public; drafts, reviews and withdrawn cases only the partner's staff
    # and the company's own users (who approve them) see.
    objects = owned_by(
        partner="partner",
        company="company",
        public=Q(status=CaseStatus.PUBLISHED),
        queryset=CaseQuerySet,
    )

    class Meta:
        verbose_name = _("good-practice case")
        verbose_name_plural = _("good-practice cases")
        base_manager_name = "objects"
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="practice_case_status_idx"),
            models.Index(fields=["partner", "status"], name="practice_case_partner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(company_named=False) | Q(company__isnull=False),
                name="practice_case_named_needs_company",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:case_detail", kwargs={"slug": self.slug})

    def get_manage_url(self) -> str:
        return reverse("practice:manage_detail", kwargs={"pk": self.pk})

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _("Please describe the picture for people who cannot see it.")
        if self.sector_division and self.sector_section != "C":
            errors["sector_division"] = _("A manufacturing division needs sector C.")
        try:
            validate_figures(self.figures)
        except ValidationError as error:
            errors["figures"] = error.messages
        if errors:
            raise ValidationError(errors)

    # --- the text the company approves ---------------------------------------------------------

    def approved_text(self) -> dict[str, Any]:
        """The exact content a company approves (and its hash is taken of)."""
        return {name: _plain(getattr(self, name)) for name in APPROVED_TEXT_FIELDS}

    @property
    def text_hash(self) -> str:
        payload = json.dumps(self.approved_text(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def technology_keys(self) -> list[str]:
        return [key for key in self.technologies.split(",") if key]

    @property
    def technology_labels(self) -> list[str]:
        labels = dict(Technology.choices)
        return [str(labels[key]) for key in self.technology_keys if key in labels]

    @property
    def anonymous_label(self) -> str:
        """Who the company is without its name (sector, staff, district)."""
        from practice.wording import anonymous_company

        return anonymous_company(self)

    @property
    def company_display(self) -> str:
        """The company's name only where it approved being named; otherwise anonymous."""
        if self.company_named and self.company_name:
            return self.company_name
        return self.anonymous_label


def _plain(value: Any) -> Any:
    if hasattr(value, "name") and not isinstance(value, str):  # a picture: its stored name
        return value.name or ""
    return value if isinstance(value, list | dict | int | str) or value is None else str(value)


FIGURE_LIMIT = 6


def validate_figures(value: Any) -> None:
    """Before/after figures: a list of at most FIGURE_LIMIT rows with a label, a unit and two
    numbers."""
    if not isinstance(value, list):
        raise ValidationError(_("The figures must be a list."))
    if len(value) > FIGURE_LIMIT:
        raise ValidationError(_("At most %(n)d figures.") % {"n": FIGURE_LIMIT})
    for row in value:
        if not isinstance(row, dict) or not str(row.get("label", "")).strip():
            raise ValidationError(_("Every figure needs a label."))
        for key in ("before", "after"):
            if not isinstance(row.get(key), int | float) or isinstance(row.get(key), bool):
                raise ValidationError(_("Every figure needs a number before and after."))


class CaseApproval(models.Model):
    """A company's confirmation of one exact text of a case (or its refusal)."""

    class Via(models.TextChoices):
        LINK = "link", _("signed link")
        ACCOUNT = "account", _("company account")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    text_version = models.PositiveIntegerField(_("text version"))
    text_hash = models.CharField(_("text fingerprint"), max_length=64)
    approved = models.BooleanField(_("approved"))
    may_name_company = models.BooleanField(_("company may be named"), default=False)
    approver_name = models.CharField(_("name"), max_length=200)
    approver_email = models.EmailField(_("e-mail"), blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via = models.CharField(_("via"), max_length=8, choices=Via.choices)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("permission withdrawn at"), null=True, blank=True)

    objects = owned_by(partner="case__partner", company="case__company")

    class Meta:
        verbose_name = _("approval of a case")
        verbose_name_plural = _("approvals of cases")
        base_manager_name = "objects"
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} · v{self.text_version}"


class CaseViewDay(models.Model):
    """How often a published case was opened on one day (for the figures; no personal data)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    objects = owned_by(partner="case__partner")

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["case", "day"], name="practice_view_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.day}"


class NetworkPartner(models.Model):
    """An organisation outside the consortium the centre works with (no tenant, public)."""

    class Kind(models.TextChoices):
        COMPETENCE_CENTRE = "centre", _("Competence centre")
        CHAMBER = "chamber", _("Chamber")
        NETWORK = "network", _("Regional network or cluster")
        INITIATIVE = "initiative", _("Initiative")
        FUNDING = "funding", _("Funding body")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description (German)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    # District keys it works in, as ",16051,16053,"; empty: all of Thuringia.
    districts = models.CharField(_("districts"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("practice:network_detail", kwargs={"slug": self.slug})

    @property
    def district_keys(self) -> list[str]:
        return [key for key in self.districts.split(",") if key]

    @property
    def description_shown(self) -> str:
        from django.utils.translation import get_language

        english = (get_language() or "de").startswith("en")
        return self.description_en if english and self.description_en else self.description


class Referral(models.Model):
    """A consultant refers a company to a network partner, with the company's consent."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("open")
        CONTACTED = "contacted", _("in contact")
        PROJECT = "project", _("joint project started")
        NO_FIT = "no_fit", _("no fit")

    partner = models.ForeignKey(
        PartnerInstitution, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company")
    )
    network_partner = models.ForeignKey(
        NetworkPartner,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("network partner"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    reason = models.TextField(_("why this partner"), max_length=2000)
    consent_given_by = models.CharField(_("consent given by"), max_length=200)
    consent_text_version = models.CharField(_("consent text version"), max_length=20)
    consent_at = models.DateTimeField(_("consent recorded at"))
    follow_up_on = models.DateField(_("follow up on"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    outcome_note = models.CharField(_("note on the outcome"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # The referring partner's staff and the company's own users (it is on their timeline).
    objects = owned_by(partner="partner", company="company", viewers=Viewers.ALL)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        base_manager_name = "objects"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partner", "created_at"], name="practice_ref_idx")]

    def __str__(self) -> str:
        return f"{self.company} → {self.network_partner}"

    def get_absolute_url(self) -> str:
        return reverse("practice:referral_detail", kwargs={"pk": self.pk})

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
