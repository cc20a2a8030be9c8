"""The consortium's reference lists (active topics and partners) as the filters show them,
read once per process and kept until they change (issue #18).

Every calendar page offers them in its filter; reading them from the database cost two of the
page's queries. They change only in the Django admin (and when the demo is seeded), which
forgets every page-cache namespace (`pagecache.forget_all`), this one included: the lists are
kept under the namespace's version token, so the next request after a change reads them again.
Without a reachable cache they are read every time (never stale).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import get_language

from portal import pagecache
from portal.models import PartnerInstitution, Topic

NAMESPACE = "portal.reference"
pagecache.register(NAMESPACE)


@dataclass(frozen=True)
class _Lists:
    topics: tuple[tuple[int, str, str], ...]  # pk, German name, English name (by German name)
    partners: tuple[tuple[int, str], ...]  # pk, short name (lead first, then by short name)


_lock = threading.Lock()
_kept: dict[str, _Lists] = {}  # version token -> lists (only the newest is kept)


def _read() -> _Lists:
    return _Lists(
        topics=tuple(Topic.objects.filter(is_active=True).values_list("pk", "name_de", "name_en")),
        partners=tuple(PartnerInstitution.objects.active().values_list("pk", "short_name")),
    )


def _lists(request: HttpRequest | None) -> _Lists:
    version = pagecache.version(NAMESPACE, request)
    if version is None:
        return _read()
    with _lock:
        found = _kept.get(version)
    if found is None:
        found = _read()
        with _lock:
            _kept.clear()
            _kept[version] = found
    return found


def choices(
    request: HttpRequest | None = None,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Active topics as (pk, name in the active language), sorted by their German name, and
    active partners as (pk, short name), the lead partner first. With the request, the version
    check may share a round trip with the page cache's (`pagecache.versions`)."""
    lists = _lists(request)
    english = (get_language() or "de").startswith("en")
    return [(pk, en if english else de) for pk, de, en in lists.topics], list(lists.partners)


def changed() -> None:
    """The lists are stale once the current transaction commits."""
    pagecache.forget(NAMESPACE)
