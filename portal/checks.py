"""Deploy checks: refuse to run production with development secrets or hosts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist


@checks.register(checks.Tags.security, deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    if settings.DEBUG:
        return errors
    if not settings.SECRET_KEY or settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(checks.Error("SECRET_KEY must be set in production.", id="portal.E001"))
    if not settings.ALLOWED_HOSTS or set(settings.ALLOWED_HOSTS) <= {
        "127.0.0.1",
        "localhost",
        "testserver",
    }:
        errors.append(checks.Warning("ALLOWED_HOSTS names no public host.", id="portal.W002"))
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        errors.append(
            checks.Warning(
                "Production should run on PostgreSQL (set DATABASE_URL).", id="portal.W003"
            )
        )
    if not settings.REDIS_URL:
        errors.append(
            checks.Warning("Production should use Redis (set REDIS_URL).", id="portal.W004")
        )
    if not settings.PORTAL_IMPRINT_EMAIL or not settings.PORTAL_IMPRINT_PHONE:
        errors.append(
            checks.Warning(
                "The imprint needs PORTAL_IMPRINT_EMAIL and PORTAL_IMPRINT_PHONE (§ 5 DDG).",
                id="portal.W006",
            )
        )
    if not settings.ALLAUTH_TRUSTED_PROXY_COUNT and not settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
        errors.append(
            checks.Warning(
                "Behind a reverse proxy every client has the proxy's address, so one client's "
                "wrong passwords lock everyone out: set ALLAUTH_TRUSTED_PROXY_COUNT or "
                "ALLAUTH_TRUSTED_CLIENT_IP_HEADER.",
                id="portal.W007",
            )
        )
    if not settings.PORTAL_STAFF_MFA_REQUIRED:
        errors.append(
            checks.Warning(
                "PORTAL_STAFF_MFA_REQUIRED is off: staff need a second factor.", id="portal.W005"
            )
        )
    return errors


@checks.register()
def secret_key_outside_debug(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Not only with --deploy: a production process must not start on the public dev key."""
    if not settings.DEBUG and (
        not settings.SECRET_KEY or settings.SECRET_KEY == settings.DEV_SECRET_KEY
    ):
        return [checks.Critical("Set SECRET_KEY when DEBUG is false.", id="portal.E002")]
    return []


@checks.register()
def trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every entry of PORTAL_TRUSTED_PROXIES must be an address or a network."""
    import ipaddress

    wrong = []
    for entry in settings.PORTAL_TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            wrong.append(entry)
    if wrong:
        return [
            checks.Error(
                f"PORTAL_TRUSTED_PROXIES: not an address or network: {', '.join(wrong)}",
                id="portal.E008",
            )
        ]
    return []


@checks.register(checks.Tags.models)
def tenant_declarations(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every owner declaration resolves, and its manager is the base manager too (design §3)."""
    from portal import owners, tenancy

    errors: list[checks.CheckMessage] = []
    for model in tenancy.tenant_models():
        try:
            owners.resolve(model)
        except (TypeError, LookupError, FieldDoesNotExist) as error:
            errors.append(checks.Error(str(error), obj=model, id="portal.E010"))
        if not tenancy.is_scoped(model):
            errors.append(
                checks.Error(
                    "A tenant model must use its scoped manager as base manager too.",
                    hint='Add base_manager_name = "objects" to its Meta.',
                    obj=model,
                    id="portal.E011",
                )
            )
    return errors
