"""Data protection: the legal pages' editable text and the accessibility feedback.

Neither is partner-owned: the legal pages are the consortium's public text, and feedback goes to
the consortium's steering office. So both use plain managers (the tenancy registry test checks
only scoped models).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LegalPage(models.Model):
    """One of the public legal pages, in German and English, edited by consortium admins."""

    class Key(models.TextChoices):
        PRIVACY = "privacy", _("Privacy policy")
        IMPRINT = "imprint", _("Imprint")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    key = models.CharField(_("page"), max_length=20, choices=Key.choices, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_de = models.TextField(
        _("text (German)"),
        help_text=_(
            "Paragraphs are separated by an empty line; a line starting with ## is a heading."
        ),
    )
    body_en = models.TextField(
        _("text (English)"),
        help_text=_(
            "Paragraphs are separated by an empty line; a line starting with ## is a heading."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.get_key_display()

    def get_absolute_url(self) -> str:
        return reverse(f"privacy:{self.key}")

    @property
    def is_english(self) -> bool:
        return (get_language() or "de").startswith("en")

    @property
    def title(self) -> str:
        return self.title_en if self.is_english and self.title_en else self.title_de

    @property
    def body(self) -> str:
        return self.body_en if self.is_english and self.body_en else self.body_de


class AccessibilityFeedback(models.Model):
    """A barrier someone reported through the accessibility statement (ThürBITVO feedback)."""

    name = models.CharField(_("your name"), max_length=150, blank=True)
    email = models.EmailField(_("your e-mail address"), blank=True)
    page_url = models.CharField(_("page with the barrier"), max_length=500, blank=True)
    message = models.TextField(_("what did not work for you?"), max_length=5000)
    language = models.CharField(max_length=5, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.message[:40]}"
