"""What the reports add to the shared pages: their navigation entry."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from portal.panels import NavItem
from portal.permissions import can_see_figures


def nav_items(request: Any) -> list[NavItem]:
    """Partner admins (their active partner) and consortium admins, as reports.views allows."""
    active = getattr(request, "active_context", None)
    if active is None or not can_see_figures(
        request.user, partner=active.partner, consortium=active.is_consortium
    ):
        return []
    return [NavItem(gettext_lazy("Reports"), reverse("reports:index"), 70)]
