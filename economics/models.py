"""Investment appraisals of a company (design §4 "Evaluation"), versioned, and partners' templates.

- MeasureTemplate: partner-owned, published templates are readable by everyone (they hold typical
  figures and hints, nothing about a company).
- Evaluation: company-owned (the company's users and every partner that may see the company),
  optionally tied to an advisory session and to an assessment result's dimension. It keeps the
  figures of its newest version (investment, NPV) so that the reports sum them in one query.
- EvaluationVersion: every save is a new version (inputs frozen), with its LineItems.
- EvaluationReport: the PDF of one version in one language (the shared document pipeline).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consulting.models import AdvisorySession, Company
from economics import finance
from economics.inputs import VersionData
from portal.documents import RenderedDocument
from portal.models import PartnerInstitution
from portal.tenancy import owned_by

MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(0)],
}
SHARE: dict[str, Any] = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}
FACTOR: dict[str, Any] = {
    "max_digits": 4,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(5)],
}


class Category(models.TextChoices):
    # one-off investments
    HARDWARE = "hardware", _("Hardware")
    SOFTWARE = "software", _("Software")
    INTEGRATION = "integration", _("Integration and implementation")
    TRAINING = "training", _("Training")
    INTERNAL = "internal", _("Internal effort")
    # running costs per year
    LICENCES = "licences", _("Licences")
    MAINTENANCE = "maintenance", _("Maintenance")
    ENERGY_COST = "energy_cost", _("Energy")
    STAFF = "staff", _("Staff")
    # benefits per year
    SCRAP = "scrap", _("Scrap and rework avoided")
    ENERGY = "energy", _("Energy saved")
    DOWNTIME = "downtime", _("Downtime avoided")
    MARGIN = "margin", _("Extra contribution margin")
    # one-off benefit
    STOCK = "stock", _("Capital released from stock")


class Kind(models.TextChoices):
    INVESTMENT = "investment", _("One-off investment")
    RUNNING = "running", _("Running cost per year")
    BENEFIT = "benefit", _("Benefit per year")
    ONE_OFF_BENEFIT = "one_off_benefit", _("One-off benefit")


KIND_OF = {
    **dict.fromkeys(finance.INVESTMENT_CATEGORIES, Kind.INVESTMENT),
    **dict.fromkeys(finance.RUNNING_CATEGORIES, Kind.RUNNING),
    **dict.fromkeys(finance.BENEFIT_LEVERS, Kind.BENEFIT),
    "stock": Kind.ONE_OFF_BENEFIT,
}


class MeasureTemplate(models.Model):
    """A typical Industry 4.0 measure of one partner, with default inputs and hints."""

    partner = models.ForeignKey(
        PartnerInstitution, on_delete=models.CASCADE, related_name="measure_templates"
    )
    title_de = models.CharField(_("title (German)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150)
    hint_de = models.TextField(_("hints (German)"), blank=True)
    hint_en = models.TextField(_("hints (English)"), blank=True)
    dimension_key = models.CharField(
        _("assessment dimension it addresses"), max_length=40, blank=True
    )
    # The default inputs, in the shape EvaluationForm.initial takes (money as strings).
    defaults = models.JSONField(_("default inputs"), default=dict, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    is_example = models.BooleanField(_("example figures"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = owned_by(partner="partner", public=Q(is_published=True))

    class Meta:
        verbose_name = _("measure template")
        verbose_name_plural = _("measure templates")
        base_manager_name = "objects"
        ordering = ["title_de", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("economics:template_edit", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        english = (get_language() or "de").startswith("en")
        return (self.title_en if english else self.title_de) or self.title_de

    @property
    def hint(self) -> str:
        english = (get_language() or "de").startswith("en")
        return (self.hint_en if english else self.hint_de) or self.hint_de


class Evaluation(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField(_("title"), max_length=200)
    template = models.ForeignKey(
        MeasureTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("measure type"),
    )
    session = models.ForeignKey(
        AdvisorySession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("advisory session"),
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("assessment result"),
    )
    dimension_key = models.CharField(_("dimension addressed"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    # The newest version's figures, kept for lists and the reports' sums.
    version_count = models.PositiveIntegerField(default=0)
    investment_total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    npv = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    objects = owned_by(company="company")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        base_manager_name = "objects"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="economics_eval_created_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("economics:detail", kwargs={"pk": self.pk})

    @property
    def audit_partner_id(self) -> int | None:
        return self.company.lead_partner_id


class EvaluationVersion(models.Model):
    """The inputs as saved once; never changed afterwards (a change is a new version)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    horizon = models.PositiveSmallIntegerField(
        _("horizon (years)"), validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    rate = models.DecimalField(
        _("discount rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    hours_saved = models.DecimalField(_("hours saved per year"), **MONEY)
    hourly_rate = models.DecimalField(_("hourly rate (EUR)"), **MONEY)
    ramp_up_1 = models.DecimalField(_("ramp-up year 1 (%)"), **SHARE)
    ramp_up_2 = models.DecimalField(_("ramp-up year 2 (%)"), **SHARE)
    ramp_up_3 = models.DecimalField(_("ramp-up year 3 (%)"), **SHARE)
    residual_value = models.DecimalField(_("residual value (EUR)"), **MONEY)
    funding_share = models.DecimalField(_("funding (% of the investment)"), **SHARE)
    funding_amount = models.DecimalField(_("funding (EUR)"), **MONEY)
    pessimistic_benefits = models.DecimalField(**FACTOR, default=Decimal("0.8"))
    pessimistic_costs = models.DecimalField(**FACTOR, default=Decimal("1.1"))
    optimistic_benefits = models.DecimalField(**FACTOR, default=Decimal("1.2"))
    optimistic_costs = models.DecimalField(**FACTOR, default=Decimal("0.95"))
    # [{"key": "quality", "weight": "3", "score": 4}, ...]: beside the money, never in it.
    utility = models.JSONField(_("utility analysis"), default=list, blank=True)

    objects = owned_by(company="evaluation__company")

    class Meta:
        verbose_name = _("evaluation version")
        verbose_name_plural = _("evaluation versions")
        base_manager_name = "objects"
        ordering = ["evaluation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="one_version_number"),
            models.CheckConstraint(
                condition=Q(horizon__gte=1, horizon__lte=15), name="evaluation_horizon_1_15"
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0, rate__lte=50), name="evaluation_rate_0_50"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("economics:detail", kwargs={"pk": self.evaluation_id}) + (
            f"?version={self.number}"
        )

    def data(self, items: list[LineItem] | None = None) -> VersionData:
        """The saved inputs (pass the items if they were prefetched)."""
        items = list(self.items.all()) if items is None else items
        return VersionData(
            horizon=self.horizon,
            rate=self.rate,
            investments={
                i.category: (i.amount, i.year) for i in items if i.kind == Kind.INVESTMENT
            },
            running={i.category: i.amount for i in items if i.kind == Kind.RUNNING},
            benefits={i.category: i.amount for i in items if i.kind == Kind.BENEFIT},
            hours_saved=self.hours_saved,
            hourly_rate=self.hourly_rate,
            stock_release=sum(
                (i.amount for i in items if i.kind == Kind.ONE_OFF_BENEFIT), Decimal(0)
            ),
            ramp_up=(self.ramp_up_1, self.ramp_up_2, self.ramp_up_3),
            residual_value=self.residual_value,
            funding_share=self.funding_share,
            funding_amount=self.funding_amount,
            pessimistic=(self.pessimistic_benefits, self.pessimistic_costs),
            optimistic=(self.optimistic_benefits, self.optimistic_costs),
            utility=list(self.utility),
            note=self.note,
        )


class LineItem(models.Model):
    version = models.ForeignKey(EvaluationVersion, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    year = models.PositiveSmallIntegerField(
        _("year of spend"), default=0, validators=[MaxValueValidator(15)]
    )

    objects = owned_by(company="version__evaluation__company")

    class Meta:
        verbose_name = _("line item")
        verbose_name_plural = _("line items")
        base_manager_name = "objects"
        ordering = ["version", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="line_item_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.amount}"


class EvaluationReport(RenderedDocument):
    """The PDF of one version in one language."""

    version = models.ForeignKey(EvaluationVersion, on_delete=models.CASCADE, related_name="reports")
    file = models.FileField(_("file"), upload_to="economics/reports/%Y/%m/", blank=True)

    objects = owned_by(company="version__evaluation__company")

    class Meta:
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")
        base_manager_name = "objects"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="one_evaluation_report_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} [{self.language}] {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("economics:report_download", kwargs={"pk": self.pk})
