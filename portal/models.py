"""Core models every app uses: users, partner institutions, memberships, topics, audit entries."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import Viewers, owned_by


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in; the e-mail address is the login.

    `is_staff` keeps Django's meaning (may open the Django admin). The portal roles are
    `is_consortium_admin` and the memberships in partner institutions.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("May open the Django admin (operators only)."),
    )
    is_consortium_admin = models.BooleanField(
        _("consortium admin"),
        default=False,
        help_text=_("Steering office: figures across all partners, routing, partners, topics."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    language = models.CharField(
        _("language for e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The portal writes to you in this language."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def partner_memberships(self) -> list[Membership]:
        """Memberships in active partners, cached per instance (asked on every request)."""
        if not hasattr(self, "_membership_cache"):
            self._membership_cache = list(
                self.memberships.filter(partner__is_active=True)
                .select_related("partner")
                # Admin roles first: the default active partner is the one the user runs.
                .order_by("-role", "partner__short_name")
            )
        return self._membership_cache

    @property
    def is_partner_staff(self) -> bool:
        return bool(self.partner_memberships())

    @property
    def is_portal_staff(self) -> bool:
        """Consultants, partner admins and consortium admins: they must use a second factor."""
        return self.is_active and (self.is_consortium_admin or self.is_partner_staff)


class PartnerInstitutionQuerySet(models.QuerySet):
    def active(self) -> PartnerInstitutionQuerySet:
        return self.filter(is_active=True)


class PartnerInstitution(models.Model):
    """A consortium partner: the tenant. Its public profile is readable by anyone."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        UNIVERSITY_APPLIED = "university_applied", _("University of applied sciences")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        ASSOCIATION = "association", _("Association / company")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_lead = models.BooleanField(_("consortium lead"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    competences = models.ManyToManyField(
        "portal.Topic", verbose_name=_("competences"), related_name="partners", blank=True
    )

    objects = PartnerInstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        ordering = ["-is_lead", "short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("partner_detail", kwargs={"slug": self.slug})

    def localized_description(self, language: str) -> str:
        if language == "en" and self.description_en:
            return self.description_en
        return self.description


class Membership(models.Model):
    """A person's role in one partner institution.

    Not tenant-scoped on purpose: the middleware reads a user's own memberships to find the scope
    in the first place. Other partners' staff lists are reached only through `visible_to`.
    """

    class Role(models.TextChoices):
        CONSULTANT = "consultant", _("Consultant")
        PARTNER_ADMIN = "partner_admin", _("Partner admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partner = models.ForeignKey(
        PartnerInstitution, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "partner"], name="membership_once_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.partner} ({self.get_role_display()})"

    @property
    def is_partner_admin(self) -> bool:
        return self.role == self.Role.PARTNER_ADMIN


class Topic(models.Model):
    """The consortium-wide topic list that ties competences, requests, sessions and workshops."""

    slug = models.SlugField(_("slug"), unique=True)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_de"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "de").startswith("en") else self.name_de


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationBase(models.Model):
    """A single-use, expiring link sent by e-mail; each app says what accepting it grants."""

    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and timezone.now() < self.expires_at
        )


class StaffInvitation(InvitationBase):
    """A partner admin invites a consultant (or another admin) by e-mail."""

    partner = models.ForeignKey(
        PartnerInstitution, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)

    objects = owned_by(partner="partner", viewers=Viewers.PARTNER_ADMINS)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        base_manager_name = "objects"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.partner}"

    def get_absolute_url(self) -> str:
        return reverse("staff_invitation_accept", kwargs={"token": self.token})

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class AuditEntry(models.Model):
    """Who did what to which record, when. Written in the same transaction as the change."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    partner = models.ForeignKey(
        PartnerInstitution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    # A partner's admins read their institution's part; consortium admins the entries of no
    # partner.
    objects = owned_by(
        partner="partner",
        viewers=Viewers.PARTNER_ADMINS,
        consortium=Q(partner__isnull=True),
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        base_manager_name = "objects"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
