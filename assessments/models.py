"""Readiness assessments: a versioned questionnaire, a company's answers, the frozen result, PDFs.

The questionnaire (Questionnaire -> Dimension -> Field -> Question -> AnswerOption, plus the
IT-security requirements) is public content of the consortium and not tenant-scoped. Everything a
company fills in is: it belongs to the company, so the company's users and the partners that may
see the company see it (design §3).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consulting.models import Company
from portal.documents import RenderedDocument
from portal.tenancy import ScopedQuerySet, owned_by


class Localized:
    """`obj.name` / `obj.text` in the active language, from the `_de` / `_en` columns."""

    def _localized(self, stem: str) -> str:
        language = (get_language() or "de")[:2]
        value = getattr(self, f"{stem}_{'en' if language == 'en' else 'de'}")
        return value or getattr(self, f"{stem}_de")


class Questionnaire(Localized, models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    version = models.PositiveIntegerField(_("version"), unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    weight_source = models.CharField(_("source of the weights"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="published"),
                name="one_published_questionnaire",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def title(self) -> str:
        return self._localized("title")


class Dimension(Localized, models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="dimensions"
    )
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    advice_de = models.TextField(_("advice (German)"))
    advice_en = models.TextField(_("advice (English)"))
    topic_slugs = models.JSONField(_("topics (slugs)"), default=list, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="dimension_key_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self._localized("name")

    @property
    def advice(self) -> str:
        return self._localized("advice")


class Field(Localized, models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["dimension", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self._localized("name")


class Question(Localized, models.Model):
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    text_de = models.CharField(_("text (German)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    # Not stored: the answer chosen so far, set by selectors.steps_of for the answer form.
    chosen_option_id: int | None

    class Meta:
        ordering = ["field", "order"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self._localized("text")


class AnswerOption(Localized, models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    text_de = models.CharField(_("text (German)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)

    class Meta:
        ordering = ["question", "level"]
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="option_level_once"),
            models.CheckConstraint(condition=Q(level__lte=5), name="option_level_0_to_5"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self._localized("text")


class SecurityArea(Localized, models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="security_areas"
    )
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ["questionnaire", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self._localized("name")


class SecurityRequirement(Localized, models.Model):
    area = models.ForeignKey(SecurityArea, on_delete=models.CASCADE, related_name="requirements")
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    critical = models.BooleanField(_("critical"), default=False)
    text_de = models.CharField(_("text (German)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    # Not stored: the status chosen so far, set by selectors.steps_of for the answer form.
    chosen_status: str

    class Meta:
        ordering = ["area", "order"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self._localized("text")


# --- what a company fills in: scoped by the company ----------------------------------------------


class AssessmentQuerySet(ScopedQuerySet):
    def completed(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.COMPLETED)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        COMPLETED = "completed", _("Completed")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="assessments")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = owned_by(company="company", queryset=AssessmentQuerySet)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        base_manager_name = "objects"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The report figures' filter: completed assessments in a period.
            models.Index(fields=["status", "completed_at"], name="assessments_completed_at_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["company"], condition=Q(status="draft"), name="one_draft_per_company"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False),
                name="completed_assessment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        if self.status == self.Status.COMPLETED:
            return reverse("assessments:result", kwargs={"pk": self.pk})
        return reverse("assessments:answer", kwargs={"pk": self.pk, "step": 1})

    @property
    def audit_partner_id(self) -> int | None:
        return self.company.lead_partner_id


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = owned_by(company="assessment__company")

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id}"


class SecurityAnswer(models.Model):
    class Status(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="security_answers"
    )
    requirement = models.ForeignKey(SecurityRequirement, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = owned_by(company="assessment__company")

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"], name="security_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.status}"


class AssessmentResult(models.Model):
    """Frozen at completion: names, weights and scores are copied, so no later version changes it.

    `dimensions` is a list of {key, name_de, name_en, weight, score, level, gate_de, gate_en,
    gate_score, fields: [{key, name_de, name_en, weight, score}]}; `red_flags` a list of
    {key, text_de, text_en}. The dimension scores are also stored as rows (ResultDimension), so
    that benchmarks and report figures are aggregates in the database.
    """

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="result")
    overall_score = models.DecimalField(_("overall score"), max_digits=4, decimal_places=2)
    level = models.PositiveSmallIntegerField(_("level"))
    dimensions = models.JSONField(_("dimension scores"))
    security_met = models.PositiveSmallIntegerField(default=0)
    security_not_met = models.PositiveSmallIntegerField(default=0)
    security_not_relevant = models.PositiveSmallIntegerField(default=0)
    red_flags = models.JSONField(_("red flags"), default=list, blank=True)
    sector_section = models.CharField(max_length=1)
    size_class = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField()
    # The company's newest result: the one its benchmarks count. Kept by complete_assessment
    # (under the company's row lock) together with the copy on its ResultDimension rows.
    is_latest = models.BooleanField(default=False, editable=False)

    objects = owned_by(company="assessment__company")

    class Meta:
        base_manager_name = "objects"
        indexes = [
            # Benchmarks: the latest results of one sector / size class (partial: small).
            models.Index(
                fields=["sector_section", "overall_score"],
                condition=Q(is_latest=True),
                name="result_latest_sector_idx",
            ),
            models.Index(
                fields=["size_class", "overall_score"],
                condition=Q(is_latest=True),
                name="result_latest_size_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_score__gte=0) & Q(overall_score__lte=5) & Q(level__lte=5),
                name="result_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.overall_score}"

    def dimension_rows(self) -> list[ResultDimension]:
        """The frozen dimension scores as unsaved rows (for `bulk_create`)."""
        return [
            ResultDimension(
                result=self,
                key=row["key"],
                score=Decimal(f"{float(row['score']):.2f}"),
                sector_section=self.sector_section,
                size_class=self.size_class,
                is_latest=self.is_latest,
            )
            for row in self.dimensions
        ]


class ResultDimension(models.Model):
    """One dimension's score of a frozen result: a copy of an entry of `dimensions`.

    Benchmarks are `AVG(score) ... GROUP BY key` over the latest results of a group, so the
    grouping columns of the result are copied here and indexed with the score: the aggregate
    reads one index and never the JSON. Rows are written with their result and never edited,
    except `is_latest`, which follows the result's flag in the same transaction.
    """

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="dimension_scores"
    )
    key = models.SlugField(_("key"), max_length=40)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=2)
    sector_section = models.CharField(max_length=1)
    size_class = models.CharField(max_length=12, blank=True)
    is_latest = models.BooleanField(default=False)

    objects = owned_by(company="result__assessment__company")

    class Meta:
        base_manager_name = "objects"
        indexes = [
            models.Index(
                fields=["sector_section", "key", "score"],
                condition=Q(is_latest=True),
                name="dimension_latest_sector_idx",
            ),
            models.Index(
                fields=["size_class", "key", "score"],
                condition=Q(is_latest=True),
                name="dimension_latest_size_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["result", "key"], name="dimension_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=5), name="dimension_score_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result_id} {self.key}: {self.score}"


class Report(RenderedDocument):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reports")
    file = models.FileField(_("file"), upload_to="assessments/reports/%Y/%m/", blank=True)

    objects = owned_by(company="assessment__company")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        base_manager_name = "objects"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "language"], name="one_report_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} [{self.language}] {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:report_download", kwargs={"pk": self.pk})
