"""Django admin for operators (superusers only; the middleware runs it unscoped).

Versions are frozen (a change is a new version, made in the portal), so evaluations are
read-only here; templates belong to their partner's admins, who keep them in the portal.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from economics.models import Evaluation, EvaluationReport, MeasureTemplate


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MeasureTemplate)
class MeasureTemplateAdmin(admin.ModelAdmin):
    list_display = ["title_de", "partner", "dimension_key", "is_published", "is_example"]
    list_filter = ["partner", "is_published"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["title", "company", "version_count", "investment_total", "npv", "updated_at"]


@admin.register(EvaluationReport)
class EvaluationReportAdmin(ReadOnlyAdmin):
    list_display = ["version", "language", "status", "requested_at", "finished_at"]
