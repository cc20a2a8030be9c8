"""Workshop pages: thin views that parse, call a selector or one service, and render.

Rows another tenant owns answer 404 (they do not exist for the viewer); an action above the
viewer's role inside their own partner answers 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import exports, ics, permissions, selectors, services
from events.forms import (
    CalendarFilterForm,
    CancelEventForm,
    CapacityForm,
    EventForm,
    FeedbackForm,
)
from events.models import CalendarFeed, Event, Registration
from events.pagecache import CALENDAR_PAGES
from portal import mail, pagecache
from portal.errors import BusinessRuleError, PermissionRefused

# --- public calendar ----------------------------------------------------------------------------


# The calendar, the archive and a workshop's page, as visitors see them, come from the page
# cache (events/pagecache.py). Signed-in users see personal marks and always get a fresh page.


def _live_until(request: HttpRequest, moment: datetime | None) -> None:
    if moment is not None:
        pagecache.live_at_most(request, (moment - timezone.now()).total_seconds())


def _calendar(request: HttpRequest, *, archive: bool) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None)
    read = selectors.archive_page if archive else selectors.calendar_page
    shown = read(viewer=request.user, filters=form.filters(), page=request.GET.get("page"))
    _live_until(request, shown.changes_at)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "events": shown.events,
            "page": shown.page,
            "query": query.urlencode(),
            "archive": archive,
        },
    )


@require_GET
@pagecache.cached_page(CALENDAR_PAGES, anonymous_only=True)
def event_list(request: HttpRequest) -> HttpResponse:
    return _calendar(request, archive=False)


@require_GET
@pagecache.cached_page(CALENDAR_PAGES, anonymous_only=True)
def event_archive(request: HttpRequest) -> HttpResponse:
    return _calendar(request, archive=True)


def _event_or_404(request: HttpRequest, slug: str) -> Event:
    event = selectors.event_for_viewer(viewer=request.user, slug=slug)
    if event is None:
        raise Http404
    return event


@pagecache.cached_page(CALENDAR_PAGES, anonymous_only=True)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    registration = selectors.own_registration(viewer=request.user, event=event)
    _live_until(request, selectors.next_change_of(event))
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "waitlist_position": selectors.waitlist_position(registration)
            if registration
            else None,
            "registration_open": event.registration_is_open(),
            "login_url": f"{reverse('account_login')}?next={event.get_absolute_url()}",
            "signup_url": f"{reverse('account_signup')}?next={event.get_absolute_url()}",
            "can_run": request.user.is_authenticated
            and permissions.can_run_event(request.user, event),
        },
    )


@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    try:
        registration = services.register_for_event(event=event, user=request.user)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. We have sent you a confirmation."))
        else:
            messages.info(
                request,
                _(
                    "The workshop is full: you are on the waitlist. We write to you when a seat "
                    "becomes free."
                ),
            )
    return redirect(event)


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    body = ics.calendar_bytes([_calendar_entry(event, with_link=False)])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _calendar_entry(event: Event, *, with_link: bool) -> ics.CalendarEntry:
    location = event.venue if event.has_venue else ""
    if with_link and event.is_online:
        location = f"{location} – {event.online_url}" if location else event.online_url
    return ics.CalendarEntry(
        uid=f"event-{event.pk}@portal40",
        title=event.title,
        start=event.start,
        end=event.end,
        url=mail.absolute_url(event.get_absolute_url()),
        description=event.description,
        location=location,
        organizer_name=event.organizer.short_name,
        cancelled=event.status == Event.Status.CANCELLED,
        updated=event.updated_at,
    )


# --- the participant's pages --------------------------------------------------------------------


@login_required
def my_workshops(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "events/my_workshops.html",
        {
            **selectors.my_registrations(viewer=request.user),
            "feed_url": mail.absolute_url(feed.get_absolute_url()) if feed else "",
        },
    )


def _own_registration_or_404(request: HttpRequest, pk: int) -> Registration:
    registration = selectors.registration_for_viewer(viewer=request.user, pk=pk)
    if registration is None:
        raise Http404
    return registration


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration_or_404(request, pk)
    return _render_registration(
        request, registration, FeedbackForm(initial=_feedback(registration))
    )


def _feedback(registration: Registration) -> dict[str, Any]:
    if registration.feedback_rating is None:
        return {}
    return {"rating": registration.feedback_rating, "comment": registration.feedback_comment}


def _render_registration(
    request: HttpRequest, registration: Registration, feedback_form: FeedbackForm, status: int = 200
) -> HttpResponse:
    event = registration.event
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "waitlist_position": selectors.waitlist_position(registration),
            "feedback_form": feedback_form,
            "can_cancel": registration.can_be_cancelled(),
            "can_give_feedback": registration.status == Registration.Status.ATTENDED,
        },
        status=status,
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration_or_404(request, pk)
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except BusinessRuleError as error:
        messages.error(request, error.message)
        return redirect(registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:mine")


@login_required
@require_POST
def certificate_request(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration_or_404(request, pk)
    try:
        services.issue_certificate(registration=registration, actor=request.user)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("Your certificate is being prepared; reload this page shortly."))
    return redirect(registration)


@login_required
@require_GET
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration_or_404(request, pk)
    if registration.certificate_status != Registration.CertificateStatus.READY:
        raise Http404
    return FileResponse(
        registration.certificate_file.open("rb"),
        as_attachment=True,
        filename=f"certificate-{registration.event.slug}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration_or_404(request, pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _render_registration(request, registration, form, status=400)
    try:
        services.submit_feedback(
            registration=registration,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except BusinessRuleError as error:
        form.add_error(None, error.message)
        return _render_registration(request, registration, form, status=400)
    messages.success(request, _("Thank you for your feedback."))
    return redirect(registration)


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    services.create_calendar_feed(actor=request.user)
    messages.success(
        request, _("Your personal calendar address is ready. Earlier addresses no longer work.")
    )
    return redirect("events:mine")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    services.revoke_calendar_feed(actor=request.user)
    messages.success(request, _("Your personal calendar address no longer works."))
    return redirect("events:mine")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal calendar feed: the secret token is the credential (calendar apps send no
    cookies). A revoked or unknown token answers 404."""
    owner = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if owner is None or not owner.user.is_active:
        raise Http404
    entries = [
        _calendar_entry(r.event, with_link=r.holds_seat)
        for r in selectors.feed_registrations(user=owner.user)
    ]
    body = ics.calendar_bytes(entries, name=_("My workshops – Portal 4.0"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


# --- organiser views ----------------------------------------------------------------------------


def _partner(request: HttpRequest) -> Any:
    return getattr(request, "active_context", None) and request.active_context.partner


def _managed_or_404(request: HttpRequest, slug: str) -> Event:
    event = selectors.managed_event(viewer=request.user, partner=_partner(request), slug=slug)
    if event is None:
        raise Http404
    return event


def _require_admin(request: HttpRequest, event: Event) -> None:
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    partner = _partner(request)
    if not partner or not permissions.is_staff_of(request.user, partner.pk):
        raise Http404
    return render(
        request,
        "events/manage/event_list.html",
        {
            "partner": partner,
            "events": selectors.managed_events(viewer=request.user, partner=partner),
            "past_events": selectors.managed_events(
                viewer=request.user, partner=partner, past=True
            ),
            "can_create": permissions.can_manage_events_of(request.user, partner),
        },
    )


@login_required
def manage_create(request: HttpRequest) -> HttpResponse:
    partner = _partner(request)
    if not partner or not permissions.is_staff_of(request.user, partner.pk):
        raise Http404
    if not permissions.can_manage_events_of(request.user, partner):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                actor=request.user,
                partner=partner,
                data=form.event_data(),
                capacity=form.cleaned_data["capacity"],
                topics=list(form.cleaned_data["topics"]),
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The workshop was saved as a draft."))
            return redirect(event.get_manage_url())
    return render(
        request,
        "events/manage/event_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@login_required
def manage_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_or_404(request, slug)
    _require_admin(request, event)
    form = EventForm(request.POST or None, instance=event, with_capacity=False)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.update_event(
                actor=request.user,
                event=event,
                data=form.event_data(),
                topics=list(form.cleaned_data["topics"]),
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The workshop was saved."))
            return redirect(event.get_manage_url())
    return render(
        request,
        "events/manage/event_form.html",
        {"form": form, "event": event, "partner": event.organizer},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def manage_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_or_404(request, slug)
    return _render_manage_detail(request, event, CapacityForm(initial={"capacity": event.capacity}))


def _render_manage_detail(
    request: HttpRequest, event: Event, capacity_form: CapacityForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "events/manage/event_detail.html",
        {
            "event": event,
            "lists": selectors.participants(viewer=request.user, event=event),
            "figures": selectors.feedback_figures(viewer=request.user, event=event),
            "capacity_form": capacity_form,
            "can_manage": permissions.can_manage_event(request.user, event),
        },
        status=status,
    )


@login_required
@require_POST
def manage_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_or_404(request, slug)
    _require_admin(request, event)
    try:
        services.publish_event(actor=request.user, event=event)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The workshop is published in the calendar."))
    return redirect(event.get_manage_url())


@login_required
def manage_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_or_404(request, slug)
    _require_admin(request, event)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The workshop is cancelled; everyone registered is told."))
            return redirect(event.get_manage_url())
    return render(
        request,
        "events/manage/event_cancel.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def manage_capacity(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_or_404(request, slug)
    _require_admin(request, event)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            services.set_capacity(
                event=event, capacity=form.cleaned_data["capacity"], actor=request.user
            )
        except BusinessRuleError as error:
            form.add_error("capacity", error.message)
        else:
            messages.success(request, _("The number of seats was changed."))
            return redirect(event.get_manage_url())
    return _render_manage_detail(request, event, form, status=400)


@login_required
@require_GET
def manage_check_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_or_404(request, slug)
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
        },
    )


def _present_count(seated: list[Registration]) -> int:
    return sum(r.status == Registration.Status.ATTENDED for r in seated)


def _matches(registration: Registration, query: str) -> bool:
    user = registration.user
    text = f"{user.get_full_name()} {user.email} {registration.organisation}".casefold()
    return query.casefold() in text


def _managed_registration_or_404(request: HttpRequest, pk: int) -> Registration:
    registration = selectors.managed_registration(
        viewer=request.user, partner=_partner(request), pk=pk
    )
    if registration is None:
        raise Http404
    return registration


@login_required
@require_POST
def manage_toggle_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Check a participant in or out. htmx swaps the row; without JS the page reloads."""
    registration = _managed_registration_or_404(request, pk)
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


@login_required
@require_POST
def manage_registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _managed_registration_or_404(request, pk)
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(registration.event.get_manage_url())


@login_required
@require_GET
def manage_export(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_or_404(request, slug)
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
    response = HttpResponse(exports.csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{event.slug}.csv"'
    return response


def _format_time(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
