"""Django admin for operators (superusers only; explicitly unscoped by the middleware).

The editorial workflow (review, the company's approval, publishing) runs through the services
and pages of the portal; the admin shows cases and approvals read-only so that nobody can
publish a text the company did not approve."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from practice.models import Case, CaseApproval, NetworkPartner, Referral


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "partner", "status", "company", "company_named", "published_at"]
    list_filter = ["status", "partner"]
    search_fields = ["title"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CaseApproval)
class CaseApprovalAdmin(admin.ModelAdmin):
    list_display = ["case", "text_version", "approved", "may_name_company", "decided_at", "via"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(NetworkPartner)
class NetworkPartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "is_active"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["company", "network_partner", "partner", "outcome", "follow_up_on"]
    list_filter = ["outcome", "partner"]
