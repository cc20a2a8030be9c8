"""Publish the questionnaire versions shipped in assessments/content.py (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assessments.content import VERSION_1
from assessments.loading import publish_questionnaire


class Command(BaseCommand):
    help = "Publish the built-in readiness questionnaire (a new version archives the old one)."

    def handle(self, *args: Any, **options: Any) -> None:
        questionnaire = publish_questionnaire(VERSION_1)
        self.stdout.write(f"questionnaire v{questionnaire.version}: {questionnaire.status}")
