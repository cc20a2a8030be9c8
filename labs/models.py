"""Labs and demonstrators of the partners, and the trials SMEs ask for in them (issue #15).

Tenancy (design §3): a lab belongs to its partner and is public while published. A trial
belongs to the requesting company and to the lab's partner (both): the company's SME users and
the partner's staff see it, nobody else. A blackout is internal to the partner.

A request blocks nothing; an approval blocks its window (labs/services/trials.py locks the lab
row before it counts the approved trials that overlap, so two approvals for the same window
cannot both win).
"""

from __future__ import annotations

import secrets
from datetime import datetime, time
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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import PartnerInstitution, Topic
from portal.tenancy import ScopedQuerySet, owned_by

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MAX_PIXELS = 4000


def validate_photo(file: Any) -> None:
    """A photo of at most PHOTO_MAX_BYTES and PHOTO_MAX_PIXELS on its longer side (the image
    itself is checked by ImageField with Pillow: a file that is not an image is refused)."""
    if file.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is larger than 2 MB."), code="photo_too_large")
    width, height = getattr(file, "width", 0) or 0, getattr(file, "height", 0) or 0
    if max(width, height) > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("The photo is larger than %(n)s pixels on a side.") % {"n": PHOTO_MAX_PIXELS},
            code="photo_too_large",
        )


def parse_hours(value: Any) -> dict[int, tuple[time, time]]:
    """The opening hours JSON ({"0": ["08:00", "16:00"], ...}, Monday = 0) as times per
    weekday; raises ValueError for anything else."""
    if not isinstance(value, dict):
        raise ValueError("opening hours must be an object")
    hours = {}
    for key, pair in value.items():
        day = int(key)
        if day not in range(7) or not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValueError(f"bad opening hours for {key!r}")
        opens, closes = (time.fromisoformat(str(part)) for part in pair)
        if closes <= opens:
            raise ValueError(f"closes before it opens on {key!r}")
        hours[day] = (opens, closes)
    return hours


def hours_json(hours: dict[int, tuple[time, time]]) -> dict[str, list[str]]:
    return {
        str(day): [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        for day, (opens, closes) in sorted(hours.items())
    }


class LabQuerySet(ScopedQuerySet):
    def published(self) -> LabQuerySet:
        return self.filter(is_published=True)


class Lab(models.Model):
    """A partner's lab or demonstrator where SMEs try things out under guidance."""

    partner = models.ForeignKey(
        PartnerInstitution, on_delete=models.PROTECT, related_name="labs", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(
        _("what it is for"), help_text=_("What SMEs can test here, and for whom it suits.")
    )
    equipment = models.TextField(_("equipment"), help_text=_("One machine or tool per line."))
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="labs")
    address = models.CharField(_("address"), max_length=300)
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("teams at once"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    opening_hours = models.JSONField(
        _("bookable opening hours"),
        default=dict,
        blank=True,
        help_text=_("Per weekday (Monday = 0) the hours a trial may use."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice needed (days)"), default=3, validators=[MaxValueValidator(90)]
    )
    max_trial_hours = models.PositiveSmallIntegerField(
        _("longest trial (hours)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    guides: models.ManyToManyField = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="guided_labs",
        verbose_name=_("guides"),
        help_text=_("Staff of the partner qualified to run trials in this lab."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="labs/photos/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"]), validate_photo],
        help_text=_("JPEG or PNG, at most 2 MB."),
    )
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = owned_by(partner="partner", public=Q(is_published=True), queryset=LabQuerySet)

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        base_manager_name = "objects"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="lab_capacity_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("labs:lab_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        try:
            parse_hours(self.opening_hours)
        except (TypeError, ValueError) as error:
            raise ValidationError(
                {"opening_hours": _("The opening hours are not understood.")}
            ) from error
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("Describe the photo for screen readers.")})

    @property
    def hours(self) -> dict[int, tuple[time, time]]:
        return parse_hours(self.opening_hours)

    @property
    def opening_rows(self) -> list[tuple[Any, time, time]]:
        """(weekday name, opens, closes) for the days the lab is open, Monday first."""
        names = dict(WEEKDAYS)
        return [(names[day], *hours) for day, hours in sorted(self.hours.items())]

    @property
    def equipment_list(self) -> list[str]:
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]

    @property
    def location(self) -> str:
        return f"{self.address}, {self.room}" if self.room else self.address

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class Blackout(models.Model):
    """A period the lab cannot be used (maintenance, a fair, holidays)."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="blackouts")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = owned_by(partner="lab__partner")

    class Meta:
        verbose_name = _("blackout")
        verbose_name_plural = _("blackouts")
        base_manager_name = "objects"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="blackout_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.lab}: {self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d}"

    @property
    def audit_partner_id(self) -> int:
        return self.lab.partner_id


class TrialStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    PROPOSED = "proposed", _("another time proposed")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")
    NO_SHOW = "no_show", _("no-show")


OPEN_TRIAL_STATES = [TrialStatus.REQUESTED, TrialStatus.PROPOSED, TrialStatus.APPROVED]


class TrialPurpose(models.TextChoices):
    OWN_DEVELOPMENT = "own_development", _("our own technical development")
    INTERFACE = "interface", _("an interface to a product or a customer")
    BEFORE_BUYING = "before_buying", _("a technology before we buy it")


class Trial(models.Model):
    """An SME's trial in a lab: requested -> approved (guide, firm reservation) -> done ..."""

    lab = models.ForeignKey(Lab, on_delete=models.PROTECT, related_name="trials")
    company = models.ForeignKey(
        "consulting.Company", on_delete=models.CASCADE, related_name="lab_trials"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("we want to test"), max_length=20, choices=TrialPurpose.choices)
    description = models.TextField(_("what exactly do you want to test?"))
    brings = models.TextField(_("what you bring"), blank=True)
    people = models.PositiveSmallIntegerField(
        _("people"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    other_times = models.CharField(_("other times that would suit you"), max_length=500, blank=True)
    confidential = models.BooleanField(_("confidentiality needed"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=TrialStatus.choices, default=TrialStatus.REQUESTED
    )
    guide = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guided_trials",
        verbose_name=_("guide"),
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # the outcome, recorded by the guide after the trial
    tested = models.TextField(_("what was tested"), blank=True)
    result = models.TextField(_("result"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    may_cite = models.BooleanField(
        _("the company agrees to be cited as a good-practice case"), default=False
    )
    session = models.OneToOneField(
        "consulting.AdvisorySession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lab_trial",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = owned_by(partner="lab__partner", company="company")

    class Meta:
        verbose_name = _("lab trial")
        verbose_name_plural = _("lab trials")
        base_manager_name = "objects"
        ordering = ["-starts_at"]
        indexes = [
            # the approved trials of a lab around a window (approval, free windows, calendar)
            models.Index(fields=["lab", "status", "starts_at"], name="labs_trial_lab_idx"),
            models.Index(fields=["guide", "status", "starts_at"], name="labs_trial_guide_idx"),
            models.Index(fields=["created_at"], name="labs_trial_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="trial_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(guide__isnull=False),
                name="approved_trial_has_guide",
                violation_error_message=_("An approved trial needs a guide."),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.lab} · {local:%Y-%m-%d %H:%M} · {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("labs:trial_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TRIAL_STATES

    @property
    def audit_partner_id(self) -> int:
        return self.lab.partner_id


def overlapping(starts_at: datetime, ends_at: datetime) -> Q:
    """Rows whose [starts_at, ends_at) overlaps the window (touching ends do not overlap)."""
    return Q(starts_at__lt=ends_at, ends_at__gt=starts_at)


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class GuideFeed(models.Model):
    """A guide's secret calendar-feed address of their approved trials.

    Not tenant-owned: it belongs to one user, and the token itself is the credential (calendar
    programs send no cookies). A new one replaces the old; revoking deletes it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_guide_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guide calendar feed")
        verbose_name_plural = _("guide calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"

    def get_absolute_url(self) -> str:
        return reverse("labs:guide_feed", kwargs={"token": self.token})
