"""Public pages, the context switch and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal import panels
from portal.active_context import choose_active_context
from portal.models import PartnerInstitution, Topic
from portal.offers import CENTRE_OFFERS


def home(request: HttpRequest) -> HttpResponse:
    partners = PartnerInstitution.objects.active().prefetch_related("competences")
    return render(
        request,
        "portal/home.html",
        {
            "partners": partners,
            "offers": CENTRE_OFFERS,
            "topics": Topic.objects.filter(is_active=True),
            "panels": panels.home_panels(request),
        },
    )


def partner_list(request: HttpRequest) -> HttpResponse:
    partners = PartnerInstitution.objects.active().prefetch_related("competences")
    return render(request, "portal/partner_list.html", {"partners": partners})


def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(
        PartnerInstitution.objects.active().prefetch_related("competences"), slug=slug
    )
    return render(
        request,
        "portal/partner_detail.html",
        {"partner": partner, "description": partner.localized_description(get_language() or "de")},
    )


@require_POST
def switch_context(request: HttpRequest) -> HttpResponse:
    """The navigation's switcher: act for another of the user's partners, or the consortium."""
    from django.contrib import messages

    if not request.user.is_authenticated:
        return redirect("account_login")
    if not choose_active_context(request, request.POST.get("context", "")):
        messages.error(request, _("You cannot act for this institution."))
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    return redirect(next_url or "dashboard")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache and broker: 200 when all answer, 503 otherwise (for probes, no secrets)."""
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:
            results[name] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    from django.core.cache import cache

    cache.set("healthz", "1", timeout=10)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not keep a value")


def _check_broker() -> None:
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
