"""Free windows of a lab: pure functions of opening hours, reservations and blackouts.

No database here: the selectors read the approved trials and blackouts once, and these
functions work out what is free, day by day, in the portal's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

Interval = tuple[datetime, datetime]
MIN_WINDOW = timedelta(hours=1)


def opening_of(hours: dict[int, tuple[time, time]], day: date) -> Interval | None:
    """The lab's open interval on `day` (aware, local time), or None when it is closed."""
    found = hours.get(day.weekday())
    if found is None:
        return None
    tz = timezone.get_current_timezone()
    opens, closes = found
    return datetime.combine(day, opens, tzinfo=tz), datetime.combine(day, closes, tzinfo=tz)


def full_periods(reservations: Iterable[Interval], capacity: int) -> list[Interval]:
    """The periods in which at least `capacity` reservations overlap (merged, in order)."""
    points: list[tuple[datetime, int]] = []
    for start, end in reservations:
        points += [(start, 1), (end, -1)]
    points.sort(key=lambda point: (point[0], point[1]))  # an end before a start at one moment
    periods: list[Interval] = []
    count, since = 0, None
    for moment, step in points:
        before = count
        count += step
        if before < capacity <= count:
            since = moment
        elif count < capacity <= before and since is not None:
            if moment > since:
                periods.append((since, moment))
            since = None
    return _merge(periods)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(window: Interval, blocked: Iterable[Interval]) -> list[Interval]:
    """The parts of `window` that no blocked interval covers."""
    free: list[Interval] = []
    cursor, end = window
    for b_start, b_end in _merge(blocked):
        if b_end <= cursor or b_start >= end:
            continue
        if b_start > cursor:
            free.append((cursor, b_start))
        cursor = max(cursor, b_end)
    if cursor < end:
        free.append((cursor, end))
    return free


def free_windows(
    *,
    hours: dict[int, tuple[time, time]],
    capacity: int,
    reservations: Iterable[Interval],
    blackouts: Iterable[Interval],
    first_day: date,
    last_day: date,
    not_before: datetime | None = None,
    min_length: timedelta = MIN_WINDOW,
    limit: int | None = None,
) -> list[Interval]:
    """Free windows (at least `min_length`) between two days, inclusive, in order."""
    blocked = [*full_periods(reservations, capacity), *blackouts]
    found: list[Interval] = []
    day = first_day
    while day <= last_day:
        opening = opening_of(hours, day)
        if opening is not None:
            start, end = opening
            if not_before is not None:
                start = max(start, not_before)
            if start < end:
                for window in subtract((start, end), blocked):
                    if window[1] - window[0] >= min_length:
                        found.append(window)
                        if limit is not None and len(found) >= limit:
                            return found
        day += timedelta(days=1)
    return found


def within_opening(hours: dict[int, tuple[time, time]], start: datetime, end: datetime) -> bool:
    """The window lies inside the opening hours of one day."""
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    opening = opening_of(hours, local_start.date())
    return opening is not None and opening[0] <= local_start and local_end <= opening[1]


def overlaps_any(start: datetime, end: datetime, intervals: Iterable[Interval]) -> bool:
    return any(s < end and start < e for s, e in intervals)
