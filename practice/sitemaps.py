"""`/sitemap.xml`: every public page (home, partners, workshops, labs, cases, network).

Served by practice (the issue asks for it here). Rows are read as a visitor sees them
(`visible_to(AnonymousUser())`), so a draft can never be listed. An app that is built later adds
its public pages with a `sitemaps.py` of its own holding `SITEMAPS = {name: Sitemap}`, found at
run time (portal/app_modules.py) like the other hooks.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event
from portal.app_modules import app_modules
from portal.models import PartnerInstitution
from practice.models import Case, CaseStatus, NetworkPartner

PUBLIC_PAGES = [
    "home",
    "partner_list",
    "events:list",
    "practice:library",
    "practice:network_list",
    "labs:directory",
]


class PagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> list[str]:
        from practice.views.public import optional_url

        return [name for name in PUBLIC_PAGES if optional_url(name)]

    def location(self, item: str) -> str:
        return reverse(item)


class PartnerSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return PartnerInstitution.objects.order_by("pk")


class WorkshopSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return (
            Event.objects.visible_to(AnonymousUser())
            .filter(status=Event.Status.PUBLISHED)
            .order_by("start")
        )

    def lastmod(self, item: Event) -> Any:
        return item.updated_at


class CaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self) -> Any:
        return (
            Case.objects.visible_to(AnonymousUser())
            .filter(status=CaseStatus.PUBLISHED)
            .order_by("-published_at")
        )

    def lastmod(self, item: Case) -> Any:
        return item.updated_at


class NetworkSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return NetworkPartner.objects.filter(is_active=True)


def sitemaps() -> dict[str, Any]:
    found: dict[str, Any] = {
        "pages": PagesSitemap,
        "partners": PartnerSitemap,
        "workshops": WorkshopSitemap,
        "cases": CaseSitemap,
        "network": NetworkSitemap,
    }
    for module in app_modules("sitemaps"):
        if module.__name__ != __name__:
            found.update(getattr(module, "SITEMAPS", {}))
    return found
