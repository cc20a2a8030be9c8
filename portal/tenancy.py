"""Who may see which partner-owned rows (design §3, layer 1): scopes that fail closed.

The active scope lives in a ContextVar. A scoped manager filters every queryset by it, and when no
scope is active it hands out a queryset that raises on first use instead of returning rows. The
only ways around it are the two context managers below, easy to find with grep:

    with unscoped("seed demo data"):         # system code: commands, beat jobs, admin
    with consortium_scope(user, purpose=...): # checks the role and writes an audit entry

Each scoped model's queryset says how it filters for a scope (`scope_filter`) and what one user
may see (`visibility_filter`); `Model.objects.visible_to(user)` applies the latter and works
whatever scope is active, so views, exports and tasks all read through the same rule.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from portal.models import PartnerInstitution, User


class ScopeError(RuntimeError):
    """A scoped model was read while no scope was active: a bug, never a user error."""


class ScopeKind(enum.StrEnum):
    PUBLIC = "public"  # visitors and users without a role: published rows only
    COMPANY = "company"  # an SME user: their own company's rows
    PARTNER = "partner"  # a consultant or partner admin: the active partner's rows
    CONSORTIUM = "consortium"  # the steering office: every partner, for aggregates and routing
    UNSCOPED = "unscoped"  # system code, always with a reason


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    partner_id: int | None = None
    company_id: int | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.kind is ScopeKind.PARTNER and self.partner_id is None:
            raise ValueError("A partner scope needs a partner.")


_active_scope: ContextVar[Scope | None] = ContextVar("portal_tenancy_scope", default=None)


def active_scope() -> Scope | None:
    return _active_scope.get()


@contextmanager
def activate(scope: Scope) -> Iterator[Scope]:
    """Enter `scope` and always restore the previous one (also on exceptions)."""
    token = _active_scope.set(scope)
    try:
        yield scope
    finally:
        _active_scope.reset(token)


def public_scope() -> Any:
    return activate(Scope(ScopeKind.PUBLIC))


def partner_scope(partner: PartnerInstitution | int) -> Any:
    partner_id = partner if isinstance(partner, int) else partner.pk
    return activate(Scope(ScopeKind.PARTNER, partner_id=partner_id))


def company_scope(company_id: int | None) -> Any:
    """An SME user's scope; `None` (no company yet) sees no company rows at all."""
    return activate(Scope(ScopeKind.COMPANY, company_id=company_id))


def unscoped(reason: str) -> Any:
    """All rows, for system code. The reason is required so that every use explains itself."""
    if not reason or not reason.strip():
        raise ValueError("unscoped() needs a reason.")
    return activate(Scope(ScopeKind.UNSCOPED, reason=reason))


@contextmanager
def consortium_scope(user: User, *, purpose: str) -> Iterator[Scope]:
    """Every partner's rows, for a consortium admin only; the entry is audited."""
    if not getattr(user, "is_consortium_admin", False) or not user.is_active:
        raise PermissionDenied("Only consortium admins may enter the consortium scope.")
    from portal import audit  # audit imports the models, which import this module

    audit.record(actor=user, action="portal.consortium_scope.entered", data={"purpose": purpose})
    with activate(Scope(ScopeKind.CONSORTIUM, reason=purpose)) as scope:
        yield scope


def request_scope_for_consortium() -> Any:
    """The consortium scope of a consortium admin's request (the middleware checked the role).

    Not audited per request: an audit row for every page view would drown the entries that
    matter. Aggregates across partners enter `consortium_scope()` themselves.
    """
    return activate(Scope(ScopeKind.CONSORTIUM, reason="consortium admin request"))


# --- querysets and managers ---------------------------------------------------------------------


class ScopedQuerySet(models.QuerySet):
    """Base of every partner-owned model's queryset.

    Subclasses implement `scope_filter` and `visibility_filter`. A queryset made while no scope
    was active is "disabled": building it is fine (forms, module-level code), but every read or
    write raises ScopeError, so a forgotten scope fails loudly instead of leaking.
    """

    _scope_disabled = False

    # Subclasses: how this model filters for a scope, and what one user may see.
    def scope_filter(self, scope: Scope) -> Q:
        raise NotImplementedError(f"{self.model.__name__} must say how it filters for a scope")

    def visibility_filter(self, user: User) -> Q:
        raise NotImplementedError(f"{self.model.__name__} must say what a user may see")

    def visible_to(self, user: User) -> Self:
        """Rows `user` may see, intersected with the active scope if there is one."""
        qs = self._chain()
        qs._scope_disabled = False  # the user's own filter fails closed by itself
        return qs.filter(self.visibility_filter(user))

    def _clone(self) -> Self:
        clone = super()._clone()
        clone._scope_disabled = self._scope_disabled
        return clone

    def _check_scope(self) -> None:
        if self._scope_disabled:
            raise ScopeError(
                f"{self.model.__name__} was queried without an active tenancy scope; "
                "use visible_to(user), run inside the request, or enter unscoped('why')."
            )

    def _fetch_all(self) -> None:
        self._check_scope()
        super()._fetch_all()

    def count(self) -> int:
        self._check_scope()
        return super().count()

    def exists(self) -> bool:
        self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        return super().update(**kwargs)

    def _update(self, values: Any) -> Any:
        self._check_scope()
        return super()._update(values)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        return super().delete()

    def _raw_delete(self, using: str) -> int:
        self._check_scope()
        return super()._raw_delete(using)

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    def explain(self, **kwargs: Any) -> str:
        self._check_scope()
        return super().explain(**kwargs)


class ScopedManager(models.Manager):
    """Filters by the active scope; also the base manager, so following a foreign key is scoped."""

    def get_queryset(self) -> ScopedQuerySet:
        qs = super().get_queryset()
        if not isinstance(qs, ScopedQuerySet):
            raise TypeError(f"{self.model.__name__}: build the manager with from_queryset()")
        scope = _active_scope.get()
        if scope is None:
            qs._scope_disabled = True
            return qs
        if scope.kind is ScopeKind.UNSCOPED:
            return qs
        return qs.filter(qs.scope_filter(scope))

    def visible_to(self, user: User) -> ScopedQuerySet:
        return self.get_queryset().visible_to(user)


def scoped_manager(queryset_class: type[ScopedQuerySet]) -> ScopedManager:
    """`objects = scoped_manager(CompanyQuerySet)`; pair it with `base_manager_name = "objects"`."""
    return ScopedManager.from_queryset(queryset_class)()


def raw_rows(model: type[models.Model]) -> models.QuerySet:
    """An unfiltered queryset for use *inside* another scoped filter (a subquery), never to read.

    A scope filter that refers to another scoped model would otherwise recurse into that model's
    manager; the outer query is the one that is scoped.
    """
    return models.QuerySet(model=model)


def is_scoped(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, ScopedManager) and isinstance(
        model._base_manager, ScopedManager
    )
