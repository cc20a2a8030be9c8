"""Navigation by role, for the base layout."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.active_context import ActiveContext


def navigation(request: HttpRequest) -> dict[str, Any]:
    active: ActiveContext = getattr(request, "active_context", None) or ActiveContext()
    items = [(_("Home"), reverse("home")), (_("Partners"), reverse("partner_list"))]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append((_("Dashboard"), reverse("dashboard")))
        if active.is_partner_admin:
            items.append((_("Staff"), reverse("staff_list")))
    path = request.path
    nav_items = [
        {
            "label": label,
            "url": url,
            "current": path == url or (url != "/" and path.startswith(url)),
        }
        for label, url in items
    ]
    return {"active_context": active, "nav_items": nav_items}
