"""The public calendar, the archive, a workshop's page and registering for it.

The calendar, the archive and a workshop's page, as visitors see them, come from the page cache
(events/pagecache.py). Signed-in users see personal marks and always get a fresh page.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import permissions, selectors, services
from events.forms import CalendarFilterForm
from events.models import Registration
from events.pagecache import CALENDAR_PAGES
from events.views._common import live_until
from portal import fragments, pagecache, panels, reference
from portal.errors import BusinessRuleError
from portal.http import PortalRequest


def _calendar(request: PortalRequest, *, archive: bool) -> HttpResponse:
    # The calendar's and the filter lists' versions in one round trip (the page cache, for
    # visitors, has asked for both already).
    pagecache.versions([CALENDAR_PAGES, reference.NAMESPACE], request)
    form = CalendarFilterForm(request.GET or None, request=request)
    results, changes_at = _results(request, form, archive=archive)
    live_until(request, changes_at)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "filter_key": (archive, form.render_key),
            "results": results,
            "archive": archive,
        },
    )


def _results(
    request: PortalRequest, form: CalendarFilterForm, *, archive: bool
) -> tuple[SafeString, datetime | None]:
    """The rendered results and when time alone changes them, kept under the calendar's data
    version for these filters, page and language (portal/fragments.py): the page cache answers
    only the URL it stored, while many URLs (signed-in visitors, other parameters) show the same
    results. Every change to workshops or registrations replaces the version on commit, and
    the results live at most until `changes_at`. They are the same for every viewer: only
    published workshops are listed, and the cards show nothing personal."""
    version = pagecache.version(CALENDAR_PAGES, request)
    page = request.GET.get("page", "")
    key = fragments.key_for("events.calendar-results", (version, archive, form.render_key, page))
    kept = fragments.get(key) if version else None
    if kept is not None:
        return kept
    read = selectors.archive_page if archive else selectors.calendar_page
    shown = read(viewer=request.user, filters=form.filters(), page=page)
    # Pagination keeps the filters, nothing else of the query.
    query = urlencode([(name, request.GET[name]) for name in form.fields if request.GET.get(name)])
    results = render_to_string(
        "events/_calendar_results.html",
        {"events": shown.events, "page": shown.page, "query": query, "archive": archive},
        request=request,
    )
    if version:
        lifetime: float = fragments.LIFETIME_SECONDS
        if shown.changes_at is not None:
            lifetime = (shown.changes_at - timezone.now()).total_seconds()
        fragments.put(key, (results, shown.changes_at), lifetime)
    return results, shown.changes_at


@require_GET
@pagecache.cached_page(CALENDAR_PAGES, anonymous_only=True, also=(reference.NAMESPACE,))
def event_list(request: PortalRequest) -> HttpResponse:
    return _calendar(request, archive=False)


@require_GET
@pagecache.cached_page(CALENDAR_PAGES, anonymous_only=True, also=(reference.NAMESPACE,))
def event_archive(request: PortalRequest) -> HttpResponse:
    return _calendar(request, archive=True)


@pagecache.cached_page(CALENDAR_PAGES, anonymous_only=True)
def event_detail(request: PortalRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_viewer(viewer=request.user, slug=slug)
    registration = selectors.own_registration(viewer=request.user, event=event)
    live_until(request, selectors.next_change_of(event))
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
            # other apps' sections about the workshop (good-practice cases on its topics)
            "related": panels.related_panels(
                request, "workshop", topic_ids=[t.pk for t in event.topics.all()]
            ),
        },
    )


@require_POST
def register(request: PortalRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_viewer(viewer=request.user, slug=slug)
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
