"""Role predicates: the one place that says who may do what (views and services both ask here)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.response import HttpResponseBase

if TYPE_CHECKING:
    from portal.http import SignedInRequest
    from portal.models import PartnerInstitution, User


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _partner_id(partner: PartnerInstitution | int | None) -> int | None:
    return partner if isinstance(partner, int) or partner is None else partner.pk


def is_staff_of(user: User, partner: PartnerInstitution | int | None) -> bool:
    """A member (consultant or admin) of the partner, in an active account."""
    partner_id = _partner_id(partner)
    if partner_id is None or not user.is_authenticated or not user.is_active:
        return False
    return any(m.partner_id == partner_id for m in user.partner_memberships())


def is_partner_admin_of(user: User, partner: PartnerInstitution | int | None) -> bool:
    """An admin of the partner, in an active account."""
    partner_id = _partner_id(partner)
    if partner_id is None or not user.is_authenticated or not user.is_active:
        return False
    return any(
        m.partner_id == partner_id and m.is_partner_admin for m in user.partner_memberships()
    )


def can_invite_staff(user: User, partner: PartnerInstitution) -> bool:
    return is_partner_admin_of(user, partner)


def can_see_figures(
    user: User, *, partner: PartnerInstitution | None = None, consortium: bool = False
) -> bool:
    """Figures (/reports/, its exports and the quarterly PDF), as design §1 gives them: a
    partner's to that partner's admins, everyone's (consortium=True) to consortium admins.

    Consultants log sessions and answer requests; the institution's figures are its admins'.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if consortium:
        return user.is_consortium_admin
    return partner is not None and is_partner_admin_of(user, partner)


# --- the one way a view refuses ---------------------------------------------------------------

T = TypeVar("T")


def requires_permission(
    predicate: Callable[[User, T], bool] | None,
    *,
    lookup: Callable[..., T],
    hide: bool = False,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorate a function view that acts on one thing (a row, or the active partner).

    `lookup(request, **url_kwargs)` finds the thing as the signed-in user may see it and raises
    `Http404` otherwise (another tenant's row does not exist for the viewer: build it on
    `portal.access`). Then `predicate(user, thing)` must hold, or the view answers 403 (a
    same-tenant action above the user's role); with `hide=True` it answers 404, for predicates
    that say whose row it is rather than what a role may do (a partner that may read a shared
    company is still not its owner). `predicate=None` means "seeing it is enough".

    The view is called as `view(request, thing, **other_url_kwargs)`: the URL parameters that
    `lookup` takes are used up by it. Anonymous users are sent to the login page first. The same
    predicate is asked again by the service against its `actor`; the view's check only spares
    the user a form they could not submit.
    """
    lookup_params = set(inspect.signature(lookup).parameters) - {"request"}

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def checked(request: SignedInRequest, **url_kwargs: Any) -> HttpResponseBase:
            mine = {k: v for k, v in url_kwargs.items() if k in lookup_params}
            rest = {k: v for k, v in url_kwargs.items() if k not in lookup_params}
            thing = lookup(request, **mine)
            if predicate is not None and not predicate(request.user, thing):
                raise Http404 if hide else PermissionDenied
            return view(request, thing, **rest)

        return login_required(checked)

    return decorate
