"""django-allauth adapter: account e-mails in the recipient's language, branded, via the
worker; and every rate limit counts the client's address, also behind a reverse proxy."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation

from portal import mail
from portal.models import User

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def trusted_proxy_networks() -> tuple[Network, ...]:
    """settings.PORTAL_TRUSTED_PROXIES, parsed (portal.checks refuses entries that do not)."""
    return _networks(tuple(settings.PORTAL_TRUSTED_PROXIES))


def is_trusted_proxy(address: str) -> bool:
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in trusted_proxy_networks())


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address, by which every rate limit counts: allauth's own, and the
        portal's (accessibility feedback, colleague invitations), which go through allauth's
        limiter (allauth.core.ratelimit.consume) and so through this method.

        allauth's documented rule (ALLAUTH_TRUSTED_PROXY_COUNT with X-Forwarded-For, or
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER), but only for a connection from a trusted proxy.

        allauth believes the headers of any connection; a client that reaches the server
        directly could then name a new address with every request and never hit a limit.
        A request without the proxy's header (a health check on the host) is counted by its
        connection's address.
        """
        peer = request.META.get("REMOTE_ADDR", "")
        header = settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
        if header:
            forwarded = bool(request.headers.get(header))
        else:
            forwarded = settings.ALLAUTH_TRUSTED_PROXY_COUNT > 0 and bool(
                request.headers.get("X-Forwarded-For")
            )
        if forwarded and is_trusted_proxy(peer):
            return super().get_client_ip(request)
        try:
            return str(ipaddress.ip_address(peer))
        except ValueError:
            raise PermissionDenied("Unable to determine client IP address") from None

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        # The browser's language (LocaleMiddleware read it) becomes the language of our e-mails.
        user.language = mail.language_for(None, default=getattr(request, "LANGUAGE_CODE", None))
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's templates, rendered by our mail layer: the recipient's language (the
        visitor's for an address without an account), text and HTML parts, the site's own
        name and address instead of the host name, sent by the worker after commit."""
        recipient = context.get("user")
        if not isinstance(recipient, User):
            recipient = User.objects.filter(email__iexact=email).first()
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": mail.site(),
            "recipient": recipient,
            **{key: _public(value, request) for key, value in context.items()},
        }
        mail.queue_message(
            mail.render_templated_email(
                template_prefix=template_prefix,
                to=email,
                context=ctx,
                language=mail.language_for(recipient or email, default=translation.get_language()),
            )
        )


def _public(value: Any, request: HttpRequest | None) -> Any:
    """allauth builds its links from the request's host; ours use the public address."""
    if request is None or not isinstance(value, str):
        return value
    origin = f"{request.scheme}://{request.get_host()}/"
    if value.startswith(origin):
        return mail.absolute_url("/" + value.removeprefix(origin))
    return value
