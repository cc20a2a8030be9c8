"""Rendered pieces of pages, kept by what they show (issue #18).

A page that cannot be cached whole (every filter, page and language of the workshop calendar is
a distinct URL) still repeats its pieces: the same workshop card appears under many filters,
the same filter form on every page of the list. `{% fragment "name" key %}…{% endfragment %}`
(portal/templatetags/fragments.py) keeps such a piece rendered, keyed by its name, the active
language and a key made of **everything the piece shows** (the caller builds it from the row it
has already read, e.g. `Event.card_key`). A changed row thus has a new key and is rendered
again; nothing has to be forgotten, and no writer has to remember this cache.

A piece may also be keyed by a **data version** instead: the calendar's list of results is kept
under the page cache's version token of the calendar (`pagecache.version`), which every change
to workshops and registrations replaces when it commits, and lives at most until time alone
changes it (a registration opens or closes, a workshop ends).

The pieces live in each process's memory (a bounded LRU with a lifetime): measured on the
calendar, fetching 24 cards from Redis cost more than rendering some of them, while a lookup
here costs microseconds. Nothing another process needs is kept here, so any number of
processes may run side by side, each with its own copy; a deployment starts new processes, so
a changed template is never answered with a piece rendered by the old one.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from typing import Any

from django.utils.translation import get_language

MAX_FRAGMENTS_PER_PROCESS = 5000
LIFETIME_SECONDS = 3600  # bounds memory held by pieces nobody asks for any more


class _Store:
    """key -> (expires at, value), least recently used first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            if found[0] <= time.monotonic():
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return found[1]

    def set(self, key: str, value: Any, lifetime: float) -> None:
        with self.lock:
            self.items[key] = (time.monotonic() + lifetime, value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_store = _Store(MAX_FRAGMENTS_PER_PROCESS)


def key_for(name: str, parts: object) -> str:
    """The store key of fragment `name` showing `parts` in the active language."""
    text = f"{name}\x00{get_language() or ''}\x00{parts!r}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def get(key: str) -> Any:
    """The piece kept under `key`, or None."""
    return _store.get(key)


def put(key: str, value: Any, lifetime: float = LIFETIME_SECONDS) -> None:
    """Keep `value` (a rendered piece, or a piece and what goes with it) under `key` for at
    most `lifetime` seconds."""
    if lifetime > 0:
        _store.set(key, value, min(lifetime, LIFETIME_SECONDS))


def clear() -> None:
    """Drop every stored piece of this process (benchmarks, tests)."""
    _store.clear()
