"""Django admin for operators (superusers only; the middleware runs it unscoped).

Questionnaires are published with `manage.py load_questionnaire` (a new version, never an edit),
and results are frozen, so both are read-only here.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessments.models import Assessment, Questionnaire, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["version", "title_de", "status", "published_at"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["company", "status", "questionnaire", "created_at", "completed_at"]
    list_filter = ["status", "questionnaire"]
    search_fields = ["company__name"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "language", "status", "requested_at", "finished_at"]
    list_filter = ["status", "language"]
    readonly_fields = ["error"]
