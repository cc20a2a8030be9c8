"""Django admin for operators (superusers only; explicitly unscoped by the middleware)."""

from django.contrib import admin

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


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "role", "email", "phone", "consent_at"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "district", "sector_section", "employees", "lead_partner"]
    list_filter = ["lead_partner", "sector_section", "district"]
    search_fields = ["name", "city"]
    inlines = [ContactInline]


@admin.register(CompanyShare)
class CompanyShareAdmin(admin.ModelAdmin):
    list_display = ["company", "partner", "reason", "created_at", "revoked_at"]
    # Tens of thousands of companies: search them instead of a drop-down of all (#17).
    autocomplete_fields = ["company"]


@admin.register(CompanyMember)
class CompanyMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "joined_at"]
    search_fields = ["user__email", "company__name"]
    autocomplete_fields = ["user", "company"]


@admin.register(AvailabilitySlot)
class AvailabilitySlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "consultant", "partner", "mode"]
    list_filter = ["partner", "mode"]


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "company", "partner", "consultant", "status", "created_at"]
    list_filter = ["status", "partner"]
    raw_id_fields = ["slot"]
    autocomplete_fields = ["company"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(AdvisorySession)
class AdvisorySessionAdmin(admin.ModelAdmin):
    list_display = ["company", "partner", "date", "stage", "duration_minutes"]
    list_filter = ["partner", "stage", "format"]
    autocomplete_fields = ["company", "consultants"]
    inlines = [FollowUpInline]
