"""SME client records: companies, their contacts and SME user accounts, and partner shares.

Tenancy (design §3): a company belongs to its lead partner; other partners see it only through an
explicit, revocable CompanyShare. An SME user sees their own company only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consulting.reference import (
    DISTRICT_CHOICES,
    MANUFACTURING_DIVISION_CHOICES,
    SECTION_CHOICES,
)
from consulting.size_class import SizeClass, size_class
from portal.models import InvitationBase, PartnerInstitution, User
from portal.tenancy import Scope, ScopedQuerySet, ScopeKind, raw_rows, scoped_manager

postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a German postcode of five digits."))


def _partner_ids(user: User) -> list[int]:
    return [m.partner_id for m in user.partner_memberships()] if user.is_authenticated else []


def _shared_with(partner_ids: list[int]) -> Q:
    """Companies with a live share to these partners (a subquery; the outer query is scoped)."""
    shared = raw_rows(CompanyShare).filter(partner_id__in=partner_ids, revoked_at__isnull=True)
    return Q(pk__in=shared.values("company_id"))


def _company_scope_q(scope: Scope) -> Q:
    if scope.kind is ScopeKind.PARTNER:
        return Q(lead_partner_id=scope.partner_id) | _shared_with([scope.partner_id])
    if scope.kind is ScopeKind.COMPANY:
        return Q(pk=scope.company_id) if scope.company_id else Q(pk__in=[])
    if scope.kind is ScopeKind.CONSORTIUM:
        return Q()  # aggregates and routing; records are read through visible_to
    return Q(pk__in=[])


def _company_rows(scope: Scope) -> Q:
    """A row that hangs off a company is in scope when its company is."""
    if scope.kind is ScopeKind.CONSORTIUM:
        return Q()
    companies = raw_rows(Company).filter(_company_scope_q(scope))
    return Q(company_id__in=companies.values("pk"))


def _visible_company_ids(user: User) -> models.QuerySet:
    return Company.objects.visible_to(user).values("pk")


class CompanyQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return _company_scope_q(scope)

    def visibility_filter(self, user: User) -> Q:
        if not user.is_authenticated or not user.is_active:
            return Q(pk__in=[])
        own = raw_rows(CompanyMember).filter(user_id=user.pk).values("company_id")
        visible = Q(pk__in=own)
        partner_ids = _partner_ids(user)
        if partner_ids:
            visible |= Q(lead_partner_id__in=partner_ids) | _shared_with(partner_ids)
        if user.is_consortium_admin:
            visible |= Q(lead_partner__isnull=True)  # not yet routed to a partner
        return visible


class Company(models.Model):
    """An SME client. Core fields now; the consulting issue completes the record."""

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

    objects = scoped_manager(CompanyQuerySet)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        base_manager_name = "objects"
        ordering = ["name"]
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

    def clean(self) -> None:
        # Same rule as the check constraint, but reported on the field the user can fix.
        if self.sector_division and self.sector_section != "C":
            raise ValidationError(
                {"sector_division": _("A manufacturing division needs sector C (manufacturing).")}
            )

    @property
    def size_class(self) -> SizeClass | None:
        return size_class(self.employees, self.annual_turnover, self.balance_sheet_total)

    def get_size_class_display(self) -> str:
        return str(SizeClass(self.size_class).label) if self.size_class else ""

    def tenant_scope(self) -> Scope:
        if self.lead_partner_id:
            return Scope(ScopeKind.PARTNER, partner_id=self.lead_partner_id)
        return Scope(ScopeKind.COMPANY, company_id=self.pk)

    @property
    def audit_partner_id(self) -> int | None:
        return self.lead_partner_id


class CompanyShareQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        if scope.kind is ScopeKind.PARTNER:
            return Q(partner_id=scope.partner_id) | Q(company__lead_partner_id=scope.partner_id)
        if scope.kind is ScopeKind.CONSORTIUM:
            return Q()
        return Q(pk__in=[])

    def visibility_filter(self, user: User) -> Q:
        partner_ids = _partner_ids(user)
        return Q(partner_id__in=partner_ids) | Q(company__lead_partner_id__in=partner_ids)


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

    objects = scoped_manager(CompanyShareQuerySet)

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

    def tenant_scope(self) -> Scope:
        return Scope(ScopeKind.PARTNER, partner_id=self.partner_id)


class CompanyMemberQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return _company_rows(scope)

    def visibility_filter(self, user: User) -> Q:
        return Q(company_id__in=_visible_company_ids(user))


class CompanyMember(models.Model):
    """An SME user's account belongs to one company: what they may see and act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_membership"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members")
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager(CompanyMemberQuerySet)

    class Meta:
        verbose_name = _("company user")
        verbose_name_plural = _("company users")
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"

    def tenant_scope(self) -> Scope:
        return Scope(ScopeKind.COMPANY, company_id=self.company_id)


class ContactQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return _company_rows(scope)

    def visibility_filter(self, user: User) -> Q:
        return Q(company_id__in=_visible_company_ids(user))


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

    objects = scoped_manager(ContactQuerySet)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        base_manager_name = "objects"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def tenant_scope(self) -> Scope:
        return self.company.tenant_scope()


class CompanyInvitationQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return _company_rows(scope)

    def visibility_filter(self, user: User) -> Q:
        # Only the company's own users manage colleague invitations.
        own = raw_rows(CompanyMember).filter(user_id=user.pk).values("company_id")
        return Q(company_id__in=own) if user.is_authenticated else Q(pk__in=[])


class CompanyInvitation(InvitationBase):
    """An SME user invites a colleague, whose sign-up then joins the same company."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")

    objects = scoped_manager(CompanyInvitationQuerySet)

    class Meta:
        verbose_name = _("colleague invitation")
        verbose_name_plural = _("colleague invitations")
        base_manager_name = "objects"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    def tenant_scope(self) -> Scope:
        return Scope(ScopeKind.COMPANY, company_id=self.company_id)

    def get_absolute_url(self) -> str:
        return reverse("consulting:join_company", kwargs={"token": self.token})
