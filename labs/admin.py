"""Django admin for operators (superusers only; explicitly unscoped by the middleware)."""

from django.contrib import admin

from labs.models import Blackout, GuideFeed, Lab, Trial


class BlackoutInline(admin.TabularInline):
    model = Blackout
    extra = 0


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "capacity", "is_published"]
    list_filter = ["partner", "is_published"]
    search_fields = ["name", "equipment"]
    filter_horizontal = ["topics", "guides"]
    inlines = [BlackoutInline]


@admin.register(Trial)
class TrialAdmin(admin.ModelAdmin):
    list_display = ["lab", "company", "starts_at", "status", "guide"]
    list_filter = ["status", "lab__partner"]
    raw_id_fields = ["company", "requested_by", "guide", "session"]
    date_hierarchy = "starts_at"


@admin.register(GuideFeed)
class GuideFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    readonly_fields = ["token"]
