"""The public workshop pages in the whole-page cache (issue #6).

Why it stays (issue #18, measured with `make bench` at scale 10): the goal for the calendar as
a visitor gets it again is 0.8 of a trivial view's requests per second; rendered for every
request, even from kept pieces and in one query, it reached 0.10 of the trivial view with one
distinct URL per request, served from this cache 0.23 (a loaded machine; README "Performance").
Every other page is rendered for each request.

The calendar, the archive and a workshop's page, as visitors see them, are stored under one
namespace. Everything that changes what they show (seats, waitlists, a workshop's data or state,
demo seeding, the admin) calls `calendar_changed()`; it takes effect when the transaction
commits. What time alone changes (a workshop ends, a registration opens or closes) is handled by
the views, which bound each stored page's life (`portal.pagecache.live_at_most`).
"""

from __future__ import annotations

from portal import pagecache

CALENDAR_PAGES = "events.calendar"


def calendar_changed() -> None:
    """The public workshop pages are stale once the current transaction commits."""
    pagecache.forget(CALENDAR_PAGES)
