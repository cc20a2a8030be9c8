"""Django admin for operators (superusers only; explicitly unscoped by the middleware)."""

from django.contrib import admin

from consulting.caching import forget_company_lists
from consulting.models import (
    AdvisorySession,
    AvailabilitySlot,
    Company,
    CompanyMember,
    CompanyShare,
    ConsultationRequest,
    Contact,
    FollowUp,
)
from portal.admin import ForgetsCachedPages


class ForgetsCompanyLists(ForgetsCachedPages):
    """An operator's change to a model the company list shows re-renders the lists too."""

    forgets = (forget_company_lists,)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "role", "email", "phone", "consent_at"]


@admin.register(Company)
class CompanyAdmin(ForgetsCompanyLists):
    list_display = ["name", "city", "district", "sector_section", "employees", "lead_partner"]
    list_filter = ["lead_partner", "sector_section", "district"]
    search_fields = ["name", "city"]
    inlines = [ContactInline]


@admin.register(CompanyShare)
class CompanyShareAdmin(ForgetsCompanyLists):
    list_display = ["company", "partner", "reason", "created_at", "revoked_at"]


@admin.register(CompanyMember)
class CompanyMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "joined_at"]
    search_fields = ["user__email", "company__name"]


@admin.register(AvailabilitySlot)
class AvailabilitySlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "consultant", "partner", "mode"]
    list_filter = ["partner", "mode"]


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(ForgetsCompanyLists):
    list_display = ["pk", "company", "partner", "consultant", "status", "created_at"]
    list_filter = ["status", "partner"]
    raw_id_fields = ["slot", "company"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(AdvisorySession)
class AdvisorySessionAdmin(ForgetsCompanyLists):
    list_display = ["company", "partner", "date", "stage", "duration_minutes"]
    list_filter = ["partner", "stage", "format"]
    inlines = [FollowUpInline]
