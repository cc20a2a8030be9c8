"""The quarterly report PDF for the funding body: requested on /reports/, rendered by Celery."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.documents import RenderedDocument
from portal.models import PartnerInstitution
from portal.tenancy import owned_by


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

    # A partner's staff see their partner's reports; consortium admins every report.
    objects = owned_by(partner="partner", consortium=Q())

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
        who = self.partner.short_name if self.partner is not None else _("all partners")
        return f"Q{self.quarter} {self.year} · {who}"

    def get_absolute_url(self) -> str:
        return reverse("reports:pdf_download", kwargs={"pk": self.pk})

    @property
    def filename(self) -> str:
        """The stored file's name and the name it is downloaded under."""
        who = self.partner.slug if self.partner else "all-partners"
        return f"quarterly-report-{who}-{self.year}-q{self.quarter}-{self.language}.pdf"

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id
