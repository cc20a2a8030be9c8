"""Django admin for operators (superusers only; the middleware runs it unscoped)."""

from django.contrib import admin

from events.models import Event, Registration
from events.pagecache import calendar_changed
from portal.admin import ForgetsCachedPages


class ForgetsCalendarPages(ForgetsCachedPages):
    """An operator's edit bypasses the services, which would forget the public workshop pages;
    the admin forgets them itself (on commit, like the services)."""

    forgets = (calendar_changed,)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "created_at", "checked_in_at", "certificate_status"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]


@admin.register(Event)
class EventAdmin(ForgetsCalendarPages):
    list_display = ["title", "organizer", "start", "status", "capacity"]
    list_filter = ["status", "organizer", "format"]
    search_fields = ["title", "slug"]
    date_hierarchy = "start"
    filter_horizontal = ["topics"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(ForgetsCalendarPages):
    list_display = ["event", "user", "status", "created_at", "certificate_status"]
    list_filter = ["status", "certificate_status"]
    search_fields = ["event__title", "user__email"]
    raw_id_fields = ["event", "user", "company"]
