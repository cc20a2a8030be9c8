"""Django admin for operators (superusers only; explicitly unscoped by the middleware)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal import pagecache, reference
from portal.models import AuditEntry, Membership, PartnerInstitution, StaffInvitation, Topic, User


class ForgetsCachedPages(admin.ModelAdmin):
    """An operator's change bypasses the services, which would forget the cached pages that
    show the model; this admin calls `forgets` itself after every save and delete (the forget
    takes effect on commit, as in the services)."""

    forgets: tuple[Callable[[], None], ...] = ()

    def _forget(self) -> None:
        for forget in self.forgets:
            forget()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._forget()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        self._forget()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        self._forget()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        super().delete_queryset(request, queryset)
        self._forget()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["partner"]


@admin.register(User)
class UserAdmin(ForgetsCachedPages, DjangoUserAdmin):
    # Deleting a user drops their registrations and memberships, which cached pages show.
    forgets = (pagecache.forget_all,)

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_consortium_admin", "is_active"]
    list_filter = ["is_consortium_admin", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name"]}),
        (_("Roles"), {"fields": ["is_active", "is_consortium_admin", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(PartnerInstitution)
class PartnerInstitutionAdmin(ForgetsCachedPages):
    # names and short names appear on many cached pages and in filters (portal/reference.py)
    forgets = (pagecache.forget_all, reference.changed)

    list_display = ["short_name", "name", "kind", "city", "is_lead", "is_active"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["competences"]


@admin.register(Topic)
class TopicAdmin(ForgetsCachedPages):
    forgets = (pagecache.forget_all, reference.changed)  # topics fill filters, cached pages

    list_display = ["name_de", "name_en", "slug", "is_active"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "partner", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["partner", "role"]
    readonly_fields = ["token", "sent_at", "accepted_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "partner", "target_repr"]
    list_filter = ["action", "partner"]
    search_fields = ["action", "target_repr"]

    # The log is append-only: written by services, never edited by hand.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
