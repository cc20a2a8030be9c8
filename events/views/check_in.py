"""An organiser's participant lists: check-in, cancelling a participant, the CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import selectors, services
from events.models import Event, Registration
from events.services.registration import check_in_opens
from events.views._organiser import runs_event, runs_registration
from portal import confirm, exports
from portal.errors import BusinessRuleError, PermissionRefused
from portal.http import SignedInRequest


@require_GET
@runs_event
def manage_check_in(request: SignedInRequest, event: Event) -> HttpResponse:
    lists = selectors.participants(viewer=request.user, event=event)
    query = request.GET.get("q", "").strip()
    rows = [r for r in lists["seated"] if _matches(r, query)] if query else lists["seated"]
    return render(
        request,
        "events/manage/check_in.html",
        {
            "event": event,
            "rows": rows,
            "q": query,
            "seated_count": len(lists["seated"]),
            "present_count": _present_count(lists["seated"]),
            "waitlist": lists["waitlist"],
            "check_in_opens": check_in_opens(event),
            "check_in_not_yet": timezone.now() < check_in_opens(event),
        },
    )


def _present_count(seated: list[Registration]) -> int:
    return sum(r.status == Registration.Status.ATTENDED for r in seated)


def _matches(registration: Registration, query: str) -> bool:
    user = registration.user
    text = f"{user.get_full_name()} {user.email} {registration.organisation}".casefold()
    return query.casefold() in text


@require_POST
@runs_registration
def manage_toggle_check_in(request: SignedInRequest, registration: Registration) -> HttpResponse:
    """Check a participant in or out. htmx swaps the row; without JS the page reloads."""
    error = ""
    try:
        if request.POST.get("present") == "1":
            registration = services.check_in(registration=registration, actor=request.user)
        else:
            registration = services.undo_check_in(registration=registration, actor=request.user)
    except PermissionRefused as refused:
        raise PermissionDenied from refused
    except BusinessRuleError as refused:
        error = refused.message
    if getattr(request, "htmx", False):
        return render(
            request,
            "events/manage/_check_in_toggled.html",
            {
                "registration": registration,
                "error": error,
                "oob": True,
                **selectors.check_in_counts(viewer=request.user, event=registration.event),
            },
        )
    if error:
        messages.error(request, error)
    return redirect(reverse("events:manage_check_in", kwargs={"slug": registration.event.slug}))


@require_POST
@runs_registration
def manage_registration_cancel(
    request: SignedInRequest, registration: Registration
) -> HttpResponse:
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Cancel the registration of %(person)s?")
            % {"person": registration.user.get_full_name() or registration.user.email},
            detail=_("The seat goes to the next person on the waitlist."),
            button=_("Yes, cancel the registration"),
            back_url=registration.event.get_manage_url(),
        )
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(registration.event.get_manage_url())


@require_GET
@runs_event
def manage_export(request: SignedInRequest, event: Event) -> HttpResponse:
    lists = selectors.participants(viewer=request.user, event=event)
    header = [
        _("Status"),
        _("First name"),
        _("Last name"),
        _("E-mail address"),
        _("Organisation"),
        _("Registered at"),
        _("Checked in at"),
    ]
    rows = [
        [
            r.get_status_display(),
            r.user.first_name,
            r.user.last_name,
            r.user.email,
            r.organisation,
            _format_time(r.created_at),
            _format_time(r.checked_in_at),
        ]
        for r in [*lists["seated"], *lists["waitlist"]]
    ]
    return exports.csv_response([header, *rows], filename=f"participants-{event.slug}.csv")


def _format_time(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
