"""Helpers shared by the workshop views."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone

from events import selectors
from events.models import Registration
from portal import pagecache
from portal.http import SignedInRequest
from portal.permissions import requires_permission


def live_until(request: HttpRequest, moment: datetime | None) -> None:
    """A cached page lives at most until `moment` (when time alone changes what it shows)."""
    if moment is not None:
        pagecache.live_at_most(request, (moment - timezone.now()).total_seconds())


def _own_registration(request: SignedInRequest, pk: int) -> Registration:
    return selectors.registration_for_viewer(viewer=request.user, pk=pk)


# A participant's own registration (anyone else's does not exist): the view gets the row.
own_registration = requires_permission(None, lookup=_own_registration)
