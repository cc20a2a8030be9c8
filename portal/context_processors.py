"""Navigation by role, for the base layout."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import panels
from portal.active_context import ActiveContext
from portal.panels import NavItem


def navigation(request: HttpRequest) -> dict[str, Any]:
    active: ActiveContext = getattr(request, "active_context", None) or ActiveContext()
    items = [
        NavItem(_("Home"), reverse("home"), 0),
        NavItem(_("Partners"), reverse("partner_list"), 10),
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append(NavItem(_("Dashboard"), reverse("dashboard"), 20))
        if active.is_partner_admin:
            items.append(NavItem(_("Staff"), reverse("staff_list"), 90))
    items = sorted([*items, *panels.nav_items(request)], key=lambda item: item.order)
    path = request.path
    # The longest matching entry is the current one (/events/manage/ over /events/).
    matching = [i.url for i in items if path == i.url or (i.url != "/" and path.startswith(i.url))]
    current = max(matching, key=len, default=None)
    nav_items = [
        {"label": item.label, "url": item.url, "current": item.url == current} for item in items
    ]
    return {"active_context": active, "nav_items": nav_items}
