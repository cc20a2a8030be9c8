"""The one way a lookup refuses: a row the user may not see does not exist (404), and a page
that is not for the user's active hat (partner staff, consortium, SME) does not exist either.

- `get_visible_or_404(Model, user, pk=...)`: by id, through `Model.objects.visible_to(user)`.
- `one_or_404(queryset, slug=...)`: for a selector's own queryset, already narrowed to what the
  viewer may see (annotated, with related rows): selectors that look one row up use it, so views
  never test for None.
- `active_context_or_404(request, partner=True, ...)`: the request's active hat, if the page is
  for it.

Both answer the same for "missing", "not yours" and a malformed id, so ids of other tenants
reveal nothing. A same-tenant action above the user's role is refused with 403 instead:
`portal.permissions.requires_permission`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from portal.tenancy import ScopedManager, ScopedQuerySet

if TYPE_CHECKING:
    from typing import TypeAlias

    from django.contrib.auth.models import AnonymousUser

    from portal.active_context import ActiveContext
    from portal.http import SignedInRequest
    from portal.models import PartnerInstitution, User

    # Who looks at a page that visitors may open too.
    Viewer: TypeAlias = User | AnonymousUser

M = TypeVar("M", bound=models.Model)


def one_or_404(queryset: models.QuerySet[M], **lookup: Any) -> M:
    """The one row of `queryset` matching `lookup`, or 404."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def get_visible_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    """One answer for "missing" and "not yours", so ids of other tenants reveal nothing."""
    manager = cast(ScopedManager, model._default_manager)  # every tenant model's is scoped
    queryset: ScopedQuerySet = manager.visible_to(user)
    return one_or_404(queryset, **lookup)


def active_context_or_404(
    request: HttpRequest,
    *,
    partner: bool = False,
    partner_admin: bool = False,
    consortium: bool = False,
    sme: bool = False,
) -> ActiveContext:
    """The request's active context if the page is for one of the hats named; else 404.

    `partner`: staff of the active partner; `partner_admin`: its admins only; `consortium`: a
    consortium admin acting for the consortium; `sme`: a user of a company.
    """
    active: ActiveContext | None = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        raise Http404
    allowed = (
        (partner and active.partner is not None)
        or (partner_admin and active.is_partner_admin)
        or (consortium and active.is_consortium)
        or (sme and active.is_sme)
    )
    if not allowed:
        raise Http404
    return active


def active_partner_or_404(request: HttpRequest) -> PartnerInstitution:
    """The active partner of a staff request; anyone else gets 404."""
    partner = active_context_or_404(request, partner=True).partner
    if partner is None:  # checked above; says so to the type checker too
        raise Http404
    return partner


class VisibleObjectsMixin(LoginRequiredMixin):
    """For class-based views: the queryset is always what the user may see in the active scope.

    Never `DetailView(model=X)` with a bare pk: set `model` and let this mixin build the
    queryset, so `get_object()` answers 404 for another tenant's row.
    """

    model: type[models.Model]
    request: SignedInRequest  # LoginRequiredMixin let only signed-in users through

    def get_queryset(self) -> ScopedQuerySet:
        manager = cast(ScopedManager, self.model._default_manager)
        return manager.visible_to(self.request.user)
