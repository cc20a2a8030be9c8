"""The request as the portal's middleware leaves it, for type checkers.

Django's `HttpRequest` knows neither the active context (portal.middleware) nor htmx
(django_htmx), and types `user` as possibly anonymous. Views declare what they get:
`PortalRequest` where visitors may come, `SignedInRequest` behind `login_required` or
`portal.permissions.requires_permission` (the user is signed in by then). Nothing creates
these classes; they only describe the request Django hands in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from portal.active_context import ActiveContext
    from portal.models import User


class PortalRequest(HttpRequest):
    user: User | AnonymousUser
    active_context: ActiveContext
    htmx: HtmxDetails


class SignedInRequest(PortalRequest):
    user: User
