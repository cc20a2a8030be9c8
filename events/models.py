"""Workshops of the partners and who registered for them (design §4 "Event / Registration").

Tenancy (design §3): an event belongs to its organising partner. Published events (and the
cancelled and completed ones, so that registered people learn what happened) are public; drafts
only the organiser's staff see. A registration is seen by its participant and by the organiser's
staff, nobody else.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.models import PartnerInstitution, Topic, User
from portal.owners import staff_partner_ids
from portal.tenancy import ScopedQuerySet, Viewers, owned_by

_NOT_READ = object()  # Event.topic_names: the calendar's query did not read the names

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


DESCRIPTION_MAX_LENGTH = 10000  # a clear form error instead of megabytes in a row (issue #13)


class EventQuerySet(ScopedQuerySet):
    def managed_by(self, user: User, partner: PartnerInstitution | None) -> EventQuerySet:
        """Events of the active partner, for its staff (the organiser views)."""
        if partner is None or partner.pk not in staff_partner_ids(user):
            return self.none()
        return self.filter(organizer_id=partner.pk)

    def upcoming(self) -> EventQuerySet:
        return self.filter(status=Event.Status.PUBLISHED, end__gt=timezone.now())


class Event(models.Model):
    """A workshop run by one partner institution."""

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED, Status.COMPLETED)

    organizer = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("organiser"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="events")
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    venue = models.CharField(
        _("venue"), max_length=300, blank=True, help_text=_("Address of the room, if on site.")
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown to confirmed participants only."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the workshop starts."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.GERMAN
    )
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # The SEQUENCE of the workshop's calendar entry (portal/ics.py): raised whenever its time or
    # place changes or it is cancelled, so saved copies and subscribed feeds update.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    # Published events (and the cancelled and completed ones) are public; drafts only the
    # organiser's staff see.
    objects = owned_by(
        partner="organizer", public=Q(status__in=PUBLIC_STATUSES), queryset=EventQuerySet
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        base_manager_name = "objects"
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["status", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="event_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_has_a_seat",
                violation_error_message=_("A workshop needs at least one seat."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def get_manage_url(self) -> str:
        return reverse("events:manage_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.format in (self.Format.ON_SITE, self.Format.HYBRID) and not self.venue:
            errors["venue"] = _("Please enter the venue of an on-site or hybrid workshop.")
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            errors["online_url"] = _("Please enter the link of an online or hybrid workshop.")
        opens, closes = self.registration_opens, self.registration_closes
        if opens and closes and closes <= opens:
            errors["registration_closes"] = _("Registration must close after it opens.")
        if closes and self.end and closes > self.end:
            errors["registration_closes"] = _("Registration must close before the workshop ends.")
        if opens and self.start and opens >= self.start:
            errors["registration_opens"] = _("Registration must open before the workshop starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def audit_partner_id(self) -> int:
        return self.organizer_id

    @property
    def registration_deadline(self) -> datetime:
        return self.registration_closes or self.start

    @property
    def registration_not_open_yet(self) -> bool:
        return bool(self.registration_opens and timezone.now() < self.registration_opens)

    def registration_is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return now < self.registration_deadline

    @property
    def free_seats(self) -> int | None:
        """Seats left, where the list was annotated with `seats_taken` (selectors do that)."""
        taken = getattr(self, "seats_taken", None)
        return None if taken is None else max(self.capacity - taken, 0)

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def seat_state(self) -> str:
        """What the seat badge says (events/_seat_badge.html): "cancelled", "held", "opens"
        (registration opens later), "closed", "full", "free" (free_seats), or "" (not counted)."""
        now = timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.COMPLETED or self.end <= now:
            return "held"
        if self.status == self.Status.PUBLISHED:
            if self.registration_opens and now < self.registration_opens:
                return "opens"
            if not self.registration_is_open(now):
                return "closed"
        free = self.free_seats
        if free is None:
            return ""
        return "full" if free == 0 else "free"

    @property
    def topic_names(self) -> list[str]:
        """The names of the workshop's topics in the active language, sorted by the German
        name: from the calendar's one query where it read them (events/selectors.py),
        otherwise from the (prefetched) topics."""
        joined = getattr(self, "topic_names_joined", _NOT_READ)
        if joined is _NOT_READ:
            return [topic.name for topic in self.topics.all()]
        if not isinstance(joined, str) or not joined:
            return []
        pairs = sorted(tuple(part.split("\x1f", 1)) for part in joined.split("\x1e"))
        english = (get_language() or "de").startswith("en")
        return [names[-1] if english else names[0] for names in pairs]

    @property
    def card_key(self) -> tuple[object, ...]:
        """Everything a calendar card shows, as the key of its rendered piece
        (portal/fragments.py): a change to any of it renders the card again."""
        return (
            self.pk,
            self.slug,
            self.title,
            self.start,
            self.end,
            self.format,
            self.language,
            self.seat_state,
            self.free_seats,
            self.registration_opens,
            self.organizer.short_name,
            tuple(self.topic_names),
        )

    @property
    def has_venue(self) -> bool:
        return self.format in (self.Format.ON_SITE, self.Format.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)


class RegistrationQuerySet(ScopedQuerySet):
    def holding_a_seat(self) -> RegistrationQuerySet:
        return self.filter(status__in=Registration.SEAT_STATUSES)

    def waitlist(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    """One person's place at a workshop: confirmed, on the waitlist, cancelled or attended."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlist")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")
        ATTENDED = "attended", _("Attended")

    class CertificateStatus(models.TextChoices):
        NONE = "", _("Not requested")
        PENDING = "pending", _("Being prepared")
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    SEAT_STATUSES = (Status.CONFIRMED, Status.ATTENDED)
    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)
    CANCELLABLE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    # The SME company the person registered for (None for staff and people without one).
    company = models.ForeignKey(
        "consulting.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    certificate_status = models.CharField(
        _("certificate"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.NONE,
        blank=True,
    )
    certificate_file = models.FileField(upload_to="events/certificates/%Y/", blank=True)
    certificate_error = models.TextField(blank=True)
    certificate_claimed_at = models.DateTimeField(null=True, blank=True)
    feedback_rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback_comment = models.TextField(_("comment"), blank=True, max_length=2000)
    feedback_at = models.DateTimeField(null=True, blank=True)

    # The participant and the organiser's staff see a registration; it also lies in the scope of
    # the participant's own partner (staff attending another partner's workshop).
    objects = owned_by(
        partner="event__organizer",
        company="company",
        person="user",
        viewers=Viewers.STAFF | Viewers.PERSON,
        queryset=RegistrationQuerySet,
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        base_manager_name = "objects"
        ordering = ["created_at", "pk"]
        # Seat and waitlist counts per event (calendar cards, services under the event lock).
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="registration_once_per_person_and_event",
                violation_error_message=_("You are registered for this workshop already."),
            ),
            # Attended means checked in, once, at a known time (and only then).
            models.CheckConstraint(
                condition=Q(status="attended", checked_in_at__isnull=False)
                | (~Q(status="attended") & Q(checked_in_at__isnull=True)),
                name="registration_attended_iff_checked_in",
                violation_error_message=_("Only a checked-in participant has attended."),
            ),
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True)
                | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="registration_feedback_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"pk": self.pk})

    @property
    def audit_partner_id(self) -> int:
        return self.event.organizer_id

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    def can_be_cancelled(self, now: datetime | None = None) -> bool:
        """What cancel_registration accepts: a seat or waitlist place for a workshop not over."""
        return self.status in self.CANCELLABLE_STATUSES and self.event.end > (now or timezone.now())


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar-feed address; revoking deletes it, a new one gets a new token.

    Not tenant-owned: it belongs to one user, and the token itself is the credential.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"

    def get_absolute_url(self) -> str:
        return reverse("events:feed", kwargs={"token": self.token})
