"""What data protection adds to the shared pages: navigation and the SME's dashboard."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from portal.panels import NavItem, Panel


def nav_items(request: Any) -> list[NavItem]:
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        return []
    if active.is_partner_admin or active.is_consortium:
        return [NavItem(gettext_lazy("Audit log"), reverse("privacy:audit_log"), 90)]
    return []


def dashboard_panels(request: Any) -> list[Panel]:
    active = getattr(request, "active_context", None)
    if active is None or not active.is_sme:
        return []
    return [Panel("privacy/panels/_my_data.html", {}, order=90)]
