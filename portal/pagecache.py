"""A whole-page cache for hot, read-mostly pages (issue #6: the public workshop calendar; the
company list had one until issue #18 made it fast enough uncached), kept right by versions
rather than by short lifetimes.

A page belongs to a *namespace* (say "events.calendar"). Each
namespace has a version token in the shared cache; a stored page is keyed by that version, so
`forget(namespace)` — called by the service that changes the data, and carried out when its
transaction commits — makes every stored page of the namespace unreachable at once. A page read
before the commit can only be stored under the old version, which nobody asks for any more.

What differs between viewers is in the key: the signed-in user, their roles and their active
context (so one tenant's page is never served to another), the language, the full path with
its query and whether htmx asked for a fragment. Only the small version token lives in the
shared cache; the pages themselves are kept in each process's memory (a bounded LRU), because
fetching a whole page from Redis costs about as much again as serving it. The CSRF token of
the page's forms is cut out before storing and the requester's own is put back when serving.
Pages are not stored when flash messages are waiting, when the answer is not a plain 200 or
when the view changed the session.

The cache failing is never an error: the page is then rendered as if there were no cache.
Without a working cache `forget` cannot take effect, so every page lives at most
MAX_LIFETIME_SECONDS.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.active_context import ActiveContext
    from portal.models import User

logger = logging.getLogger(__name__)

MAX_LIFETIME_SECONDS = 300
MAX_PAGES_PER_PROCESS = 500
HIT_HEADER = "X-Page-Cache"  # "hit" or "miss": lets tests and operators see what happened

_CSRF_PLACEHOLDER = "\x00csrf-token\x00"
_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_LIFETIME_ATTRIBUTE = "_page_cache_lifetime"
_VERSIONS_ATTRIBUTE = "_page_cache_versions"

Namespace = str | Callable[[HttpRequest], str | None]

# Every namespace this process knows of (declared by cached_page or register), for forget_all.
_namespaces: set[str] = set()


def register(*namespaces: str) -> None:
    """Declare namespaces that a cached_page chooses by a function of the request."""
    _namespaces.update(namespaces)


def forget_all() -> None:
    """Forget every known namespace: for shared reference data (partners, topics) that many
    pages show."""
    for namespace in sorted(_namespaces):
        forget(namespace)


def forget(namespace: str) -> None:
    """Make every stored page of `namespace` stale once the current transaction commits."""

    def new_version() -> None:
        try:
            cache.set(_version_key(namespace), secrets.token_hex(8), timeout=None)
        except Exception:  # the cache being down must not undo a committed change
            logger.warning("page cache: could not forget %s", namespace, exc_info=True)

    new_version.__qualname__ = f"page cache: forget {namespace}"
    transaction.on_commit(new_version, robust=True)


def live_at_most(request: HttpRequest, seconds: float) -> None:
    """Let the page being rendered live at most `seconds` (e.g. until the next event starts)."""
    current = getattr(request, _LIFETIME_ATTRIBUTE, MAX_LIFETIME_SECONDS)
    setattr(request, _LIFETIME_ATTRIBUTE, max(0, min(current, int(seconds))))


def cached_page(
    namespace: Namespace, *, anonymous_only: bool = False, also: tuple[str, ...] = ()
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a GET view whose page depends only on the namespace's data and the viewer.

    `namespace` is a name or a function of the request that returns one (or None: do not cache
    this request). With `anonymous_only`, signed-in users always get a freshly rendered page.
    `also` names namespaces whose versions the view reads itself (`version(name, request)`):
    they are read in the same round trip as the page's.
    """

    if isinstance(namespace, str):
        register(namespace)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            name = namespace(request) if callable(namespace) else namespace
            if name is None or not _cacheable_request(request, anonymous_only):
                return view(request, *args, **kwargs)
            versions([name, *also], request)
            key = _page_key(request, name)
            stored = _read(key) if key else None
            if stored is not None:
                return _serve(request, stored)
            response = view(request, *args, **kwargs)
            if key and _cacheable_response(request, response):
                _store(request, key, response)
            response[HIT_HEADER] = "miss"
            return response

        return wrapper

    return decorate


def _cacheable_request(request: HttpRequest, anonymous_only: bool) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if anonymous_only and request.user.is_authenticated:
        return False
    # A page with flash messages shows them once; it must be neither stored nor skipped.
    return not len(messages.get_messages(request))


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
    )


def _version_key(namespace: str) -> str:
    return f"pagecache:version:{namespace}"


def version(namespace: str, request: HttpRequest | None = None) -> str | None:
    """The namespace's current version token (made on first use); None if the cache is
    unreachable. Anything kept under it is stale once `forget(namespace)` took effect. With a
    request, a token read earlier for the same request is used again (no second round trip)."""
    return versions([namespace], request)[namespace]


def versions(namespaces: list[str], request: HttpRequest | None = None) -> dict[str, str | None]:
    """The version tokens of several namespaces in one round trip to the cache (issue #18:
    each round trip counts on a busy machine), remembered for the rest of the request."""
    memo: dict[str, str | None] = getattr(request, _VERSIONS_ATTRIBUTE, {})
    missing = [name for name in namespaces if name not in memo]
    if missing:
        memo.update(_read_versions(missing))
        if request is not None:
            setattr(request, _VERSIONS_ATTRIBUTE, memo)
    return {name: memo[name] for name in namespaces}


def _read_versions(namespaces: list[str]) -> dict[str, str | None]:
    keys = {_version_key(name): name for name in namespaces}
    try:
        found = cache.get_many(list(keys))
        for key in keys.keys() - found.keys():
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    except Exception:
        logger.warning("page cache: unreachable (namespaces %s)", namespaces, exc_info=True)
        return dict.fromkeys(namespaces)
    return {name: found.get(key) for key, name in keys.items()}


def _page_key(request: HttpRequest, namespace: str) -> str | None:
    """The key of this viewer's page in the namespace's current version; None if the cache is
    unreachable."""
    token = version(namespace, request)
    if token is None:
        return None
    user = request.user
    active = getattr(request, "active_context", None)
    viewer = _viewer(user, active)
    variant = "\n".join(
        [
            viewer,
            get_language() or "",
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        ]
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"pagecache:page:{namespace}:{token}:{digest}"


class _ProcessPages:
    """The pages this process stored: key -> (expires at, body, content type), least recently
    used first. The key carries the namespace's version, so a forgotten page is simply never
    asked for again and ages out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[str, tuple[float, str, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[str, str] | None:
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            if found[0] <= time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return found[1], found[2]

    def set(self, key: str, body: str, content_type: str, lifetime: float) -> None:
        with self.lock:
            self.pages[key] = (time.monotonic() + lifetime, body, content_type)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


_pages = _ProcessPages(MAX_PAGES_PER_PROCESS)


def _viewer(user: User | AnonymousUser, active: ActiveContext | None) -> str:
    """Who is looking, as far as the page's frame shows it: the user, their address (account
    menu), the active context and their roles in it (navigation). A role or address change
    thus reaches the next page at once, without anything to forget."""
    if not user.is_authenticated:
        return "anon"
    return ":".join(
        str(part)
        for part in (
            "user",
            user.pk,
            user.email,
            user.is_consortium_admin,
            user.is_superuser,
            active.value if active else "",
            active.is_partner_admin if active else "",
            active.company_id if active else "",
            # All memberships: the context switcher offers them, and a consortium admin's
            # company list spans every partner the user belongs to.
            sorted((m.partner_id, m.role) for m in active.memberships) if active else "",
        )
    )


def _read(key: str) -> tuple[str, str] | None:
    return _pages.get(key)


def _store(request: HttpRequest, key: str, response: HttpResponse) -> None:
    body = _CSRF_FIELD.sub(
        lambda match: f"{match.group(1)}{_CSRF_PLACEHOLDER}{match.group(2)}",
        response.content.decode(response.charset),
    )
    lifetime = getattr(request, _LIFETIME_ATTRIBUTE, MAX_LIFETIME_SECONDS)
    if lifetime <= 0:
        return
    _pages.set(key, body, response["Content-Type"], lifetime)


def _serve(request: HttpRequest, stored: tuple[str, str]) -> HttpResponse:
    body, content_type = stored
    if _CSRF_PLACEHOLDER in body:
        body = body.replace(_CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(body, content_type=content_type)
    response[HIT_HEADER] = "hit"
    return response
