"""View helpers that answer 404 across tenants: a row the user may not see does not exist."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.http import Http404, HttpRequest

from portal.tenancy import ScopedQuerySet


def get_visible_or_404(model: type[models.Model], user: Any, **lookup: Any) -> Any:
    """One answer for "missing" and "not yours", so ids of other tenants reveal nothing."""
    queryset: ScopedQuerySet = model._default_manager.visible_to(user)
    try:
        return queryset.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class VisibleObjectsMixin(LoginRequiredMixin):
    """For class-based views: the queryset is always what the user may see in the active scope.

    Never `DetailView(model=X)` with a bare pk: set `model` and let this mixin build the
    queryset, so `get_object()` answers 404 for another tenant's row.
    """

    model: type[models.Model]
    request: HttpRequest

    def get_queryset(self) -> ScopedQuerySet:
        return self.model._default_manager.visible_to(self.request.user)
