"""Request middleware: security headers and size limit, the tenancy scope of each request, and
the staff second-factor duty."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from portal import tenancy
from portal.active_context import resolve_active_context
from portal.http import PortalRequest
from portal.permissions import has_second_factor


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set, and a cap on the request size.

    Django limits the form fields it reads into memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but not
    uploaded files; a request that announces more than PORTAL_MAX_REQUEST_BYTES is refused
    before anything reads its body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PORTAL_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.too_large(request):
            # The styled page in the visitor's language; nothing below this middleware ran.
            with translation.override(translation.get_language_from_request(request)):
                response: HttpResponseBase = HttpResponse(
                    render_to_string(
                        "413.html",
                        {"max_mb": max(1, settings.PORTAL_MAX_REQUEST_BYTES // (1024 * 1024))},
                    ),
                    status=413,
                )
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.PORTAL_CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response

    @staticmethod
    def too_large(request: HttpRequest) -> bool:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False  # Django answers a malformed length itself
        return length > settings.PORTAL_MAX_REQUEST_BYTES


class PrivateCacheMiddleware:
    """No browser or proxy keeps a signed-in page or a download (issue #11).

    One rule for every answer, so that a new view cannot forget it: the answer to a signed-in
    user (including the one that signs in), and any attachment, gets `Cache-Control: no-store,
    private` (Django's never-cache headers), replacing whatever the view said. Sits below the
    authentication middleware, which gives the request its user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        return response


class TenancyMiddleware:
    """Sets the scope after authentication, renders the response inside it, always resets it.

    Lazy template responses would otherwise query after the scope ended (and raise or leak), so
    a TemplateResponse is rendered here, still inside the scope.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # This middleware makes the request a PortalRequest: it sets `active_context`.
        with self.scope_for(cast(PortalRequest, request)):
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response = response.render()
        return response

    @staticmethod
    def scope_for(request: PortalRequest) -> AbstractContextManager:
        user = request.user
        if request.path.startswith(f"/{settings.ADMIN_URL}") and user.is_superuser:
            # The Django admin is for operators only and explicitly unscoped (design §3).
            return tenancy.unscoped("Django admin (superuser)")
        active = resolve_active_context(request)
        request.active_context = active
        if active.partner is not None:
            return tenancy.partner_scope(active.partner)
        if active.is_consortium:
            return tenancy.request_scope_for_consortium()
        if active.company_id is not None or active.is_sme:
            return tenancy.company_scope(active.company_id)
        return tenancy.public_scope()


# Paths a staff user without a second factor may still open: sign-in and MFA set-up, logout,
# the language switch, static files, the health check and the public pages.
MFA_EXEMPT_PREFIXES = (
    "/accounts/",
    "/i18n/",
    "/static/",
    "/media/",
    "/healthz",
    "/readyz",
    "/partners/",
    "/privacy/",
    "/imprint/",
    "/accessibility/",
)
MFA_EXEMPT_PATHS = ("/",)


class StaffSecondFactorMiddleware:
    """Staff must set up TOTP before they reach any staff page (fails closed: all but public)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.must_set_up_second_factor(request):
            messages.warning(
                request,
                _("Staff accounts need a second factor. Please set up an authenticator app first."),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def must_set_up_second_factor(request: HttpRequest) -> bool:
        if not settings.PORTAL_STAFF_MFA_REQUIRED:
            return False
        path = request.path
        if path in MFA_EXEMPT_PATHS or path.startswith(MFA_EXEMPT_PREFIXES):
            return False
        user = request.user
        if not user.is_authenticated:
            return False
        needs = user.is_portal_staff or user.is_superuser
        return needs and not has_second_factor(user)
