"""The quarterly report PDF for the funding body: requested on /reports/, rendered by Celery."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.documents import RenderedDocument
from portal.models import PartnerInstitution, User
from portal.tenancy import Scope, ScopedQuerySet, ScopeKind, scoped_manager


class QuarterlyReportQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        if scope.kind is ScopeKind.PARTNER:
            return Q(partner_id=scope.partner_id)
        if scope.kind is ScopeKind.CONSORTIUM:
            return Q()
        return Q(pk__in=[])

    def visibility_filter(self, user: User) -> Q:
        """A partner's staff see their partner's reports; consortium admins every report."""
        if not user.is_authenticated or not user.is_active:
            return Q(pk__in=[])
        if user.is_consortium_admin:
            return Q()
        return Q(partner_id__in=[m.partner_id for m in user.partner_memberships()])


class QuarterlyReport(RenderedDocument):
    """One quarter's figures as a PDF, of one partner or (partner empty) of all partners.

    pending -> rendering -> ready | failed; a failed one may be requested again."""

    partner = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2015)])
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    file = models.FileField(_("file"), upload_to="reports/quarterly/%Y/", blank=True)

    objects = scoped_manager(QuarterlyReportQuerySet)

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        base_manager_name = "objects"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "year", "quarter", "language"],
                condition=Q(partner__isnull=False),
                name="one_quarterly_report_per_partner",
            ),
            models.UniqueConstraint(
                fields=["year", "quarter", "language"],
                condition=Q(partner__isnull=True),
                name="one_consortium_quarterly_report",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        who = self.partner.short_name if self.partner_id else _("all partners")
        return f"Q{self.quarter} {self.year} · {who}"

    def get_absolute_url(self) -> str:
        return reverse("reports:pdf_download", kwargs={"pk": self.pk})

    @property
    def filename(self) -> str:
        """The stored file's name and the name it is downloaded under."""
        who = self.partner.slug if self.partner else "all-partners"
        return f"quarterly-report-{who}-{self.year}-q{self.quarter}-{self.language}.pdf"

    def tenant_scope(self) -> Scope:
        if self.partner_id:
            return Scope(ScopeKind.PARTNER, partner_id=self.partner_id)
        return Scope(ScopeKind.CONSORTIUM, reason="quarterly report of all partners")

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RENDERING)
