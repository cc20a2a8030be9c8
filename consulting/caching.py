"""The company list's whole-page cache (portal/pagecache.py, issue #6).

Every partner's and the consortium's company lists share one namespace: the key of a stored page
already carries the viewer and their active context, so sharing the namespace never shares a
page between tenants; it only means that any change re-renders every list once, which is rare
next to how often the lists are read.

The list shows, per company: name, city, sector, employees, the size class derived from
employees, turnover and balance-sheet total, the lead partner, and the last contact (the latest
advisory session or consultation request); which companies appear depends on the lead partner
and the live shares. So `forget_company_lists()` is called by every service that writes one of
these: records (edit, share, revoke), sign-up (a new company), booking and routing (a new
request, a new lead partner or share), the session log, the import, the erasure, the demo seed
and the Django admin. Contacts and follow-ups are not on the list and do not forget it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.http import HttpRequest
from django.utils import timezone

from portal import pagecache

COMPANY_LISTS = "consulting.companies"


def forget_company_lists() -> None:
    """Every stored company list is stale once the current transaction commits."""
    pagecache.forget(COMPANY_LISTS)


pagecache.register(COMPANY_LISTS)


def company_list_namespace(request: HttpRequest) -> str | None:
    # An export is a download whose every request is audited: never served from the cache.
    return None if "export" in request.GET else COMPANY_LISTS


def seconds_until_tomorrow() -> float:
    """The "last contact within 90 days / a year" filters count from today: a page stored
    today must not be served after midnight (local time)."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return (midnight - now).total_seconds()
