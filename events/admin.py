"""Django admin for operators (superusers only; the middleware runs it unscoped)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
    can_delete = False  # deleting goes through RegistrationAdmin (the waitlist moves up)
    fields = ["user", "status", "created_at", "checked_in_at", "certificate_status"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]


def _give_up_place(registration: Registration) -> None:
    """Through the service: a seat that frees up goes to the next on the waitlist."""
    from events.services.registration import REGISTRATION_LIFECYCLE, close_registration

    if REGISTRATION_LIFECYCLE.allows(registration, "close"):
        close_registration(registration=registration, actor=None)


@admin.register(Event)
class EventAdmin(ForgetsCalendarPages):
    list_display = ["title", "organizer", "start", "status", "capacity"]
    list_filter = ["status", "organizer", "format"]
    search_fields = ["title", "slug"]
    date_hierarchy = "start"
    filter_horizontal = ["topics"]
    inlines = [RegistrationInline]

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """A workshop people still hold places for is cancelled through the portal (which tells
        them), not deleted here: the admin refuses with a message."""
        event = self.get_object(request, object_id)
        if event is not None and _has_live_places(event):
            messages.error(
                request,
                _(
                    "People are registered for this workshop. Cancel it in the portal (they are "
                    "told), then delete it here."
                ),
            )
            return redirect(reverse("admin:events_event_change", args=[event.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        kept = [event for event in queryset if _has_live_places(event)]
        if kept:
            messages.error(
                request,
                _("Not deleted, people are registered: %(titles)s")
                % {"titles": ", ".join(e.title for e in kept)},
            )
        super().delete_queryset(request, queryset.exclude(pk__in=[e.pk for e in kept]))


@admin.register(Registration)
class RegistrationAdmin(ForgetsCalendarPages):
    list_display = ["event", "user", "status", "created_at", "certificate_status"]
    list_filter = ["status", "certificate_status"]
    search_fields = ["event__title", "user__email"]
    raw_id_fields = ["event", "user", "company"]

    def delete_model(self, request: HttpRequest, obj: Registration) -> None:
        _give_up_place(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for registration in queryset.select_related("event"):
            _give_up_place(registration)
        super().delete_queryset(request, queryset)


def _has_live_places(event: Event) -> bool:
    return (
        event.end > timezone.now()
        and event.status == Event.Status.PUBLISHED
        and Registration.objects.filter(
            event=event, status__in=Registration.CANCELLABLE_STATUSES
        ).exists()
    )
