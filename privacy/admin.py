from django.contrib import admin

from privacy.models import AccessibilityFeedback, LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["key", "title_de", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "email", "page_url"]
    readonly_fields = ["created_at"]
