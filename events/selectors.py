"""Reads for workshops, always given the viewer (design §2)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from events.models import Event, Registration
from portal import reference
from portal.access import one_or_404
from portal.models import PartnerInstitution, Topic, User
from portal.tenancy import ScopedQuerySet, subquery

if TYPE_CHECKING:
    from portal.access import Viewer


def _registrations_counted(statuses: tuple[str, ...]) -> Coalesce:
    # A correlated subquery per event row, run only for the rows the page keeps (after LIMIT),
    # through the (event, status) index. It counts every participant, not only those the
    # viewer may read (a number, no personal data): hence an unfiltered subquery, and the
    # outer query opens the database's wall for it (`across_tenants`, _with_seat_counts).
    counted = (
        subquery(Registration)
        .filter(event_id=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_seat_counts(queryset: QuerySet[Event]) -> QuerySet[Event]:
    # One query for a whole list (no N+1), and no GROUP BY over the joined registrations.
    counted = cast(ScopedQuerySet, queryset).across_tenants("free seats count every participant")
    return counted.annotate(
        seats_taken=_registrations_counted(tuple(Registration.SEAT_STATUSES)),
        waitlist_length=_registrations_counted((Registration.Status.WAITLISTED,)),
    )


def _open_for_registration(now: datetime) -> Q:
    return (
        Q(status=Event.Status.PUBLISHED)
        & (Q(registration_opens__isnull=True) | Q(registration_opens__lte=now))
        & (Q(registration_closes__gt=now) | Q(registration_closes__isnull=True, start__gt=now))
    )


def upcoming_events_for_topics(
    *, viewer: User, topic_ids: list[int], limit: int = 3
) -> list[Event]:
    """Published, upcoming workshops open for registration on any of `topic_ids`, soonest first.

    For recommendations (assessments): each event has `title`, `start`, `organizer` and
    `get_absolute_url()`.
    """
    if not topic_ids or limit <= 0:
        return []
    now = timezone.now()
    ids = (
        Event.objects.visible_to(viewer)
        .filter(_open_for_registration(now), start__gt=now, topics__in=topic_ids)
        .values_list("pk", flat=True)
        .distinct()
    )
    return list(
        Event.objects.visible_to(viewer)
        .filter(pk__in=list(ids))
        .select_related("organizer")
        .order_by("start", "pk")[:limit]
    )


@dataclass(frozen=True)
class CalendarFilters:
    topic: int | None = None
    partner: int | None = None
    format: str = ""
    month: date | None = None  # first day of the month


CALENDAR_PAGE_SIZE = 24


@dataclass(frozen=True)
class CalendarPage:
    """One page of the calendar or the archive, and when time alone will change it."""

    page: Page
    # The next moment at which this page would look different without any write: a workshop
    # ends (it leaves the calendar and the following ones move up a place), or the
    # registration of a workshop on the page opens or closes. None: nothing due.
    changes_at: datetime | None

    @property
    def events(self) -> list[Event]:
        return list(self.page.object_list)


class _CountedPaginator(Paginator):
    """A paginator told its count (taken with the other figures in one aggregate query)."""

    def __init__(self, object_list: QuerySet[Event], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # fills Paginator.count (a cached property)


def _upcoming(now: datetime) -> Q:
    return Q(status=Event.Status.PUBLISHED, end__gt=now)


def _past(now: datetime) -> Q:
    return Q(status=Event.Status.COMPLETED) | Q(
        status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED], end__lte=now
    )


def calendar_events(*, viewer: User, filters: CalendarFilters) -> list[Event]:
    """The public calendar: published workshops that have not ended, soonest first."""
    queryset = Event.objects.visible_to(viewer).filter(_upcoming(timezone.now()))
    return list(_listed(_apply_filters(queryset, filters)).order_by("start", "pk"))


def archive_events(*, viewer: User, filters: CalendarFilters) -> list[Event]:
    """Past workshops (held, or cancelled before), latest first."""
    queryset = Event.objects.visible_to(viewer).filter(_past(timezone.now()))
    return list(_listed(_apply_filters(queryset, filters)).order_by("-start", "-pk"))


def calendar_page(
    *,
    viewer: Viewer,
    filters: CalendarFilters,
    page: str | int | None,
    per_page: int = CALENDAR_PAGE_SIZE,
) -> CalendarPage:
    """A page of the public calendar (soonest first), in one query (issue #18).

    The page's rows carry the total count and the earliest end of the whole list (window
    aggregates) and their topics' names (a correlated subquery); counts of seats come from
    correlated subqueries on the page's rows only. The filter's lists come from
    portal/reference.py. A page past the end costs one more query for the count and shows the
    last page, as Django's `Paginator.get_page` would.
    """
    now = timezone.now()
    listed = _apply_filters(Event.objects.visible_to(viewer).filter(_upcoming(now)), filters)
    queryset = (
        _card_rows(listed)
        .annotate(listed_count=Window(Count("pk")), listed_first_end=Window(Min("end")))
        .order_by("start", "pk")
    )
    number = _page_number(page)
    rows = list(queryset[(number - 1) * per_page : number * per_page])
    if rows:
        count, first_end = rows[0].listed_count, rows[0].listed_first_end
    elif number == 1:
        count, first_end = 0, None  # nothing listed at all
    else:
        count = listed.count()
        last = max(1, -(-count // per_page))
        if number > last:
            number = last
            rows = list(queryset[(number - 1) * per_page : number * per_page])
        first_end = rows[0].listed_first_end if rows else None
    paginator = _CountedPaginator(queryset, per_page, count=count)
    moments = [first_end]
    for event in rows:
        moments += [event.registration_opens, event.registration_deadline]
    return CalendarPage(Page(rows, number, paginator), _next_moment(moments, now))


def _page_number(page: str | int | None) -> int:
    """The page asked for; anything that is not a page number means the first page."""
    try:
        return max(int(page or 1), 1)
    except (TypeError, ValueError):
        return 1


def archive_page(
    *,
    viewer: Viewer,
    filters: CalendarFilters,
    page: str | int | None,
    per_page: int = CALENDAR_PAGE_SIZE,
) -> CalendarPage:
    """A page of past workshops (latest first). Time changes it when a published or cancelled
    workshop ends and moves here, so the earliest such end is taken with the count."""
    now = timezone.now()
    visible = Event.objects.visible_to(viewer)
    filtered = _apply_filters(visible, filters)
    still_to_end = Q(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED], end__gt=now)
    figures = filtered.aggregate(
        count=Count("pk", filter=_past(now)), first_end=Min("end", filter=still_to_end)
    )
    queryset = filtered.filter(_past(now))
    paginator = _CountedPaginator(
        _card_rows(queryset).order_by("-start", "-pk"), per_page, count=figures["count"]
    )
    return CalendarPage(paginator.get_page(page), _next_moment([figures["first_end"]], now))


def _next_moment(moments: list[datetime | None], now: datetime) -> datetime | None:
    future = [moment for moment in moments if moment is not None and moment > now]
    return min(future, default=None)


def _listed(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """What a calendar card shows: seat counts, the organiser and the topics."""
    return _with_seat_counts(queryset).select_related("organizer").prefetch_related("topics")


# What a calendar card (events/_event_card.html), its seat badge and its key read, and no more:
# a workshop's description and online link stay in the database.
_CARD_FIELDS = (
    "id",
    "slug",
    "title",
    "start",
    "end",
    "format",
    "language",
    "status",
    "capacity",
    "registration_opens",
    "registration_closes",
    "organizer__id",
    "organizer__short_name",
)


def _card_rows(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """The calendar's rows in the same query as their seat counts and topic names."""
    return (
        _with_seat_counts(queryset)
        .select_related("organizer")
        .only(*_CARD_FIELDS)
        .annotate(topic_names_joined=_topic_names_joined())
    )


def _topic_names_joined() -> RawSQL:
    """Each row's topics as one string, "name_de<US>name_en" joined by <RS>, sorted by name_de
    (Event.topic_names splits it): one correlated subquery instead of a prefetch query."""
    through = Event.topics.through._meta.db_table
    topic = Topic._meta.db_table
    event = Event._meta.db_table
    if connection.vendor == "postgresql":
        joined = "string_agg(t.name_de || chr(31) || t.name_en, chr(30) ORDER BY t.name_de)"
    else:  # SQLite's group_concat has no ORDER BY: Event.topic_names sorts
        joined = "group_concat(t.name_de || char(31) || t.name_en, char(30))"
    # Table names from the models' metadata, no input: nothing to inject.
    sql = (
        f'(SELECT {joined} FROM "{through}" et JOIN "{topic}" t ON t.id = et.topic_id'  # noqa: S608
        f' WHERE et.event_id = "{event}"."id")'
    )
    return RawSQL(  # noqa: S611
        sql,
        (),
    )


def _apply_filters(queryset: QuerySet[Event], filters: CalendarFilters) -> QuerySet[Event]:
    if filters.topic:
        queryset = queryset.filter(
            pk__in=Event.topics.through.objects.filter(topic_id=filters.topic).values("event_id")
        )
    if filters.partner:
        queryset = queryset.filter(organizer_id=filters.partner)
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    if filters.month:
        last_day = calendar.monthrange(filters.month.year, filters.month.month)[1]
        first = timezone.make_aware(datetime.combine(filters.month, datetime.min.time()))
        after = timezone.make_aware(
            datetime.combine(filters.month.replace(day=last_day), datetime.min.time())
        ) + timedelta(days=1)
        queryset = queryset.filter(start__gte=first, start__lt=after)
    return queryset


def event_for_viewer(*, viewer: Viewer, slug: str) -> Event:
    """One workshop as `viewer` may see it, with its seat counts; 404 otherwise."""
    queryset = _with_seat_counts(Event.objects.visible_to(viewer))
    return one_or_404(queryset.select_related("organizer").prefetch_related("topics"), slug=slug)


def next_change_of(event: Event) -> datetime | None:
    """When time alone next changes how `event` is shown: its registration opens or closes,
    or it ends."""
    moments = [event.registration_opens, event.registration_deadline, event.end]
    return _next_moment(moments, timezone.now())


def own_registration(*, viewer: Viewer, event: Event) -> Registration | None:
    """The viewer's live registration for `event` (not a cancelled one)."""
    if not viewer.is_authenticated:
        return None
    return (
        Registration.objects.visible_to(viewer)
        .filter(event=event, user=viewer)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waitlist.

    Counted with the registrations' ids only (a participant may not read the others' rows, but
    may know how many are ahead of them).
    """
    if registration.status != Registration.Status.WAITLISTED:
        return None
    from portal.tenancy import unscoped

    with unscoped("count the people ahead on the waitlist (a number, no personal data)"):
        ahead = (
            Registration.objects.filter(
                event_id=registration.event_id, status=Registration.Status.WAITLISTED
            )
            .filter(
                Q(created_at__lt=registration.created_at)
                | Q(created_at=registration.created_at, pk__lt=registration.pk)
            )
            .count()
        )
    return ahead + 1


def my_registrations(*, viewer: User) -> dict[str, list[Registration]]:
    """The viewer's own registrations: upcoming (not cancelled) and past/cancelled."""
    rows = list(
        Registration.objects.visible_to(viewer)
        .filter(user=viewer)
        .select_related("event", "event__organizer")
        .order_by("event__start", "pk")
    )
    now = timezone.now()
    upcoming = [
        r
        for r in rows
        if r.event.end > now
        and r.status != Registration.Status.CANCELLED
        and r.event.status == Event.Status.PUBLISHED
    ]
    upcoming_ids = {r.pk for r in upcoming}
    past = sorted(
        (r for r in rows if r.pk not in upcoming_ids), key=lambda r: r.event.start, reverse=True
    )
    return {"upcoming": upcoming, "past": past}


def registration_for_viewer(*, viewer: User, pk: int) -> Registration:
    """The viewer's own registration; 404 for anyone else's."""
    registrations = Registration.objects.visible_to(viewer).filter(user=viewer)
    return one_or_404(registrations.select_related("event", "event__organizer"), pk=pk)


def feed_registrations(*, user: User) -> list[Registration]:
    """What a personal calendar feed lists: the user's live registrations (system read by token)."""
    from portal.tenancy import unscoped

    with unscoped("personal calendar feed: the secret token stands for the user"):
        return list(
            Registration.objects.filter(user=user, status__in=Registration.ACTIVE_STATUSES)
            .exclude(event__status=Event.Status.DRAFT)
            .select_related("event", "event__organizer")
            .order_by("event__start")
        )


# --- organiser views ----------------------------------------------------------------------------


def managed_events(
    *, viewer: User, partner: PartnerInstitution | None, past: bool = False
) -> list[Event]:
    queryset = Event.objects.visible_to(viewer).managed_by(viewer, partner)
    now = timezone.now()
    if past:
        queryset = queryset.filter(end__lte=now).order_by("-start", "-pk")
    else:
        queryset = queryset.filter(end__gt=now).order_by("start", "pk")
    return list(_with_seat_counts(queryset))


def managed_events_for_list(
    *, viewer: User, partner: PartnerInstitution | None, when: str = "upcoming"
) -> QuerySet[Event]:
    """The organiser's workshops with seat counts, unordered (the list sorts and pages them):
    `when` is "upcoming" (not yet over), "past" or "all"."""
    queryset = Event.objects.visible_to(viewer).managed_by(viewer, partner)
    now = timezone.now()
    if when == "upcoming":
        queryset = queryset.filter(end__gt=now)
    elif when == "past":
        queryset = queryset.filter(end__lte=now)
    return _with_seat_counts(queryset)


def managed_event(*, viewer: User, partner: PartnerInstitution | None, slug: str) -> Event:
    """A workshop of the active partner, for its staff; 404 otherwise."""
    queryset = Event.objects.visible_to(viewer).managed_by(viewer, partner)
    return one_or_404(_with_seat_counts(queryset).prefetch_related("topics"), slug=slug)


def participants(*, viewer: User, event: Event) -> dict[str, list[Registration]]:
    """An organiser's lists: seats (confirmed and attended), waitlist in order, cancelled."""
    rows = list(
        Registration.objects.visible_to(viewer)
        .filter(event=event)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    return {
        "seated": [r for r in rows if r.status in Registration.SEAT_STATUSES],
        "waitlist": [r for r in rows if r.status == Registration.Status.WAITLISTED],
        "cancelled": [r for r in rows if r.status == Registration.Status.CANCELLED],
    }


def check_in_counts(*, viewer: User, event: Event) -> dict[str, int]:
    """How many hold a seat and how many of them are checked in, in one query (the check-in
    toggle shows only these two numbers, so it does not load the participant list)."""
    return (
        Registration.objects.visible_to(viewer)
        .filter(event=event)
        .aggregate(
            seated_count=Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES)),
            present_count=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
        )
    )


def managed_registration(
    *, viewer: User, partner: PartnerInstitution | None, pk: int
) -> Registration:
    """A participant of a workshop of the active partner, for its staff; 404 otherwise."""
    events = Event.objects.visible_to(viewer).managed_by(viewer, partner)
    registrations = Registration.objects.visible_to(viewer).filter(event__in=events)
    return one_or_404(registrations.select_related("event", "user"), pk=pk)


def feedback_figures(*, viewer: User, event: Event) -> dict[str, Any]:
    """Ratings 1-5 as counts, their mean, and the comments (anonymous, newest first)."""
    rated = (
        Registration.objects.visible_to(viewer)
        .filter(event=event, feedback_rating__isnull=False)
        .order_by("-feedback_at")
    )
    counts = dict(
        rated.values_list("feedback_rating").annotate(n=Count("pk")).order_by("feedback_rating")
    )
    total = sum(counts.values())
    mean = rated.aggregate(mean=Avg("feedback_rating"))["mean"]
    distribution = []
    for rating in range(1, 6):
        share = _share(counts, rating, total)
        # Bar geometry of the SVG chart: one row of 30 units per rating, 240 units for 100 %.
        distribution.append(
            {
                "rating": rating,
                "count": counts.get(rating, 0),
                "share": share,
                "y": 5 + (rating - 1) * 30,
                "bar": round(share * 2.4),
            }
        )
    comments = [c for c in rated.values_list("feedback_comment", flat=True) if c.strip()]
    return {"total": total, "mean": mean, "distribution": distribution, "comments": comments}


def _share(counts: dict[int, int], rating: int, total: int) -> int:
    return round(100 * counts.get(rating, 0) / total) if total else 0


# --- panels -------------------------------------------------------------------------------------


def next_public_events(*, viewer: User, limit: int = 4) -> list[Event]:
    queryset = Event.objects.visible_to(viewer).filter(
        status=Event.Status.PUBLISHED, start__gt=timezone.now()
    )
    queryset = _with_seat_counts(queryset).select_related("organizer").prefetch_related("topics")
    return list(queryset.order_by("start", "pk")[:limit])


def company_attendance(*, viewer: User, company_id: int) -> list[Registration]:
    """Workshops the company's people attended, as far as `viewer` may see them."""
    return list(
        Registration.objects.visible_to(viewer)
        .filter(company_id=company_id, status=Registration.Status.ATTENDED)
        .select_related("event", "event__organizer", "user")
        .order_by("-event__start")
    )


def partner_events_between(
    *, viewer: User, partner: PartnerInstitution, start: datetime, end: datetime
) -> list[Event]:
    """The partner's workshops (published or held) that overlap [start, end): its staff's week."""
    return list(
        Event.objects.visible_to(viewer)
        .filter(
            organizer=partner,
            status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED],
            start__lt=end,
            end__gt=start,
        )
        .order_by("start", "pk")
    )


def filter_choices(
    request: HttpRequest | None = None,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The calendar filter's topics and partners (portal/reference.py)."""
    return reference.choices(request)
