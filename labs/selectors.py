"""Reads of labs and trials, always given the viewer (or, for busy times, only times)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from labs.models import OPEN_TRIAL_STATES, Blackout, Lab, Trial, TrialStatus, overlapping
from labs.windows import Interval, free_windows
from portal.access import get_visible_or_404, one_or_404
from portal.models import Membership, PartnerInstitution, Topic, User
from portal.tenancy import unscoped

if TYPE_CHECKING:
    from portal.access import Viewer

DIRECTORY_HORIZON_DAYS = 120  # how far "free between ... and ..." may look ahead
NEXT_WINDOWS = 6


@dataclass(frozen=True)
class LabFilters:
    topic: Topic | None = None
    partner: PartnerInstitution | None = None
    words: str = ""
    free_from: date | None = None
    free_until: date | None = None


@dataclass(frozen=True)
class Busy:
    """A lab's busy times in a period: reserved windows (approved trials) and blackouts."""

    reservations: list[Interval]
    blackouts: list[Interval]


def busy_times(lab_ids: Iterable[int], since: datetime, until: datetime) -> dict[int, Busy]:
    """Approved trials and blackouts of the labs overlapping [since, until), as times only.

    The free windows of a published lab are public, but the trials and blackouts behind them are
    not the viewer's rows: only their start and end leave this function (two queries).
    """
    ids = list(lab_ids)
    reservations: dict[int, list[Interval]] = defaultdict(list)
    blackouts: dict[int, list[Interval]] = defaultdict(list)
    with unscoped("a lab's busy times (start and end only) for its free windows"):
        for lab_id, start, end in Trial.objects.filter(
            overlapping(since, until), lab_id__in=ids, status=TrialStatus.APPROVED
        ).values_list("lab_id", "starts_at", "ends_at"):
            reservations[lab_id].append((start, end))
        for lab_id, start, end in Blackout.objects.filter(
            overlapping(since, until), lab_id__in=ids
        ).values_list("lab_id", "starts_at", "ends_at"):
            blackouts[lab_id].append((start, end))
    return {pk: Busy(reservations[pk], blackouts[pk]) for pk in ids}


def earliest_start(lab: Lab, now: datetime | None = None) -> datetime:
    """The first moment a request may start: today + the notice days, at midnight."""
    now = now or timezone.now()
    day = timezone.localdate(now) + timedelta(days=lab.notice_days)
    return max(now, datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()))


def lab_windows(
    lab: Lab, busy: Busy, first_day: date, last_day: date, limit: int | None = None
) -> list[Interval]:
    return free_windows(
        hours=lab.hours,
        capacity=lab.capacity,
        reservations=busy.reservations,
        blackouts=busy.blackouts,
        first_day=first_day,
        last_day=last_day,
        not_before=earliest_start(lab),
        limit=limit,
    )


def day_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first_day, time.min, tzinfo=tz),
        datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=tz),
    )


def next_free_windows(lab: Lab, *, days: int = 60, limit: int = NEXT_WINDOWS) -> list[Interval]:
    first_day = timezone.localdate(earliest_start(lab))
    last_day = first_day + timedelta(days=days)
    busy = busy_times([lab.pk], *day_bounds(first_day, last_day))[lab.pk]
    return lab_windows(lab, busy, first_day, last_day, limit=limit)


def directory(*, viewer: Viewer, filters: LabFilters) -> list[Lab]:
    """Published labs, filtered; with a date range, only labs with a free window in it."""
    labs = (
        Lab.objects.visible_to(viewer)
        .published()
        .select_related("partner")
        .prefetch_related("topics")
        .order_by("partner__short_name", "name")
    )
    if filters.topic is not None:
        labs = labs.filter(topics=filters.topic)
    if filters.partner is not None:
        labs = labs.filter(partner=filters.partner)
    for word in filters.words.split()[:8]:
        labs = labs.filter(
            Q(equipment__icontains=word) | Q(name__icontains=word) | Q(description__icontains=word)
        )
    found = list(labs.distinct())
    if filters.free_from is None and filters.free_until is None:
        return found
    today = timezone.localdate()
    first_day = max(filters.free_from or today, today)
    last_day = min(
        filters.free_until or first_day + timedelta(days=30),
        today + timedelta(days=DIRECTORY_HORIZON_DAYS),
    )
    if last_day < first_day:
        return []
    busy = busy_times([lab.pk for lab in found], *day_bounds(first_day, last_day))
    return [lab for lab in found if lab_windows(lab, busy[lab.pk], first_day, last_day, limit=1)]


def directory_partners(*, viewer: User) -> QuerySet[PartnerInstitution]:
    """Partners that have a published lab (the directory's partner filter)."""
    lab_partners = Lab.objects.visible_to(viewer).published().values("partner_id")
    return PartnerInstitution.objects.active().filter(pk__in=lab_partners)


def directory_topics(*, viewer: User) -> QuerySet[Topic]:
    lab_ids = Lab.objects.visible_to(viewer).published().values("pk")
    return Topic.objects.filter(is_active=True, labs__in=lab_ids).distinct()


def lab_for(*, viewer: Viewer, slug: str) -> Lab:
    """A published lab, or one of the viewer's own partner (also unpublished); else 404."""
    labs = Lab.objects.visible_to(viewer).select_related("partner").prefetch_related("topics")
    return one_or_404(labs, slug=slug)


def managed_labs(*, viewer: User, partner: PartnerInstitution) -> QuerySet[Lab]:
    """The active partner's labs, for its staff (unpublished too)."""
    return (
        Lab.objects.visible_to(viewer)
        .filter(partner=partner)
        .prefetch_related("guides", "topics")
        .order_by("name")
    )


def managed_lab(*, viewer: User, partner: PartnerInstitution, pk: int) -> Lab:
    return one_or_404(managed_labs(viewer=viewer, partner=partner), pk=pk)


def partner_staff(partner: PartnerInstitution) -> QuerySet[User]:
    staff = Membership.objects.filter(partner=partner, user__is_active=True).values("user_id")
    return User.objects.filter(pk__in=staff).order_by("last_name", "first_name", "email")


def blackouts_of(*, viewer: User, lab: Lab) -> QuerySet[Blackout]:
    return Blackout.objects.visible_to(viewer).filter(lab=lab, ends_at__gt=timezone.now())


def trial_for(*, viewer: User, pk: int) -> Trial:
    return get_visible_or_404(Trial, viewer, pk=pk)


def trial_detail(*, viewer: User, pk: int) -> Trial:
    trials = Trial.objects.visible_to(viewer).select_related(
        "lab__partner", "company", "guide", "requested_by", "session"
    )
    return one_or_404(trials, pk=pk)


def partner_trials(
    *, viewer: User, partner: PartnerInstitution, status: str = ""
) -> QuerySet[Trial]:
    """The trials in the active partner's labs (its inbox), newest first."""
    trials = (
        Trial.objects.visible_to(viewer)
        .filter(lab__partner=partner)
        .select_related("lab", "company", "guide")
        .order_by("-created_at")
    )
    if status == "open":
        return trials.filter(status__in=OPEN_TRIAL_STATES)
    if status in TrialStatus.values:
        return trials.filter(status=status)
    return trials


def company_trials(*, viewer: User, company_id: int | None) -> QuerySet[Trial]:
    """An SME user's company's trials (for its dashboard and its list)."""
    if company_id is None:
        return Trial.objects.none()
    return (
        Trial.objects.visible_to(viewer)
        .filter(company_id=company_id)
        .select_related("lab__partner", "guide")
        .order_by("-starts_at")
    )


def guide_trials(*, guide: User, since: datetime) -> list[Trial]:
    """A guide's approved and done trials since a moment (their calendar feed)."""
    with unscoped("the guide's own calendar feed, authorised by its secret token"):
        return list(
            Trial.objects.filter(
                guide=guide,
                status__in=[TrialStatus.APPROVED, TrialStatus.DONE, TrialStatus.CANCELLED],
                ends_at__gte=since,
            )
            .select_related("lab__partner", "company")
            .order_by("starts_at")
        )


def guided_between(
    *, viewer: User, partner: PartnerInstitution, start: datetime, end: datetime
) -> QuerySet[Trial]:
    """The approved trials `viewer` guides in the partner's labs between two moments."""
    return (
        Trial.objects.visible_to(viewer)
        .filter(
            overlapping(start, end),
            guide=viewer,
            lab__partner=partner,
            status=TrialStatus.APPROVED,
        )
        .select_related("lab", "company")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class CalendarWeek:
    days: list[date]
    labs: list[Lab]
    trials: dict[int, list[Trial]]  # lab id -> approved and requested trials in the week
    blackouts: dict[int, list[Blackout]]


def calendar_week(*, viewer: User, partner: PartnerInstitution, monday: date) -> CalendarWeek:
    """A partner's week: per lab its reservations, open requests and blackouts (three queries
    plus the labs)."""
    days = [monday + timedelta(days=n) for n in range(7)]
    since, until = day_bounds(days[0], days[-1])
    labs = list(managed_labs(viewer=viewer, partner=partner).prefetch_related(None))
    trials: dict[int, list[Trial]] = defaultdict(list)
    for trial in (
        Trial.objects.visible_to(viewer)
        .filter(
            overlapping(since, until),
            lab__partner=partner,
            status__in=[TrialStatus.APPROVED, TrialStatus.REQUESTED, TrialStatus.PROPOSED],
        )
        .select_related("company", "guide")
        .order_by("starts_at")
    ):
        trials[trial.lab_id].append(trial)
    blackouts: dict[int, list[Blackout]] = defaultdict(list)
    for blackout in Blackout.objects.visible_to(viewer).filter(
        overlapping(since, until), lab__partner=partner
    ):
        blackouts[blackout.lab_id].append(blackout)
    return CalendarWeek(days, labs, dict(trials), dict(blackouts))


def guides_of(lab: Lab) -> list[User]:
    return list(lab.guides.filter(is_active=True).order_by("last_name", "first_name"))
