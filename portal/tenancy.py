"""Who may see which rows (design §3): one owner declaration per model, two walls built from it.

Scopes
------
The active scope lives in a ContextVar: a partner, an SME's company, the public, the consortium,
or "unscoped" system work. A scoped manager filters every queryset by it, and when no scope is
active it hands out a queryset that raises on first use instead of returning rows. The only ways
around it are these context managers, easy to find with grep:

    with unscoped("seed demo data"):          # system code: commands, beat jobs, admin
    with consortium_scope(user, purpose=...): # checks the role and writes an audit entry

Declaring who owns a row
------------------------
Every tenant model says once who owns its rows, with `owned_by(...)` as its manager (and base
manager, so that following a foreign key is scoped too)::

    class Trial(models.Model):
        lab = models.ForeignKey(Lab, ...)
        company = models.ForeignKey("consulting.Company", ...)
        ...
        objects = owned_by(partner="lab__partner", company="company")

        class Meta:
            base_manager_name = "objects"

- `partner="path"` (or a tuple of paths): a path of foreign keys to PartnerInstitution. The
  partner's staff see the row, and it lies in that partner's scope.
- `company="path"`: a path to the company (consulting.Company). The company's own SME users see
  the row and it lies in the company's scope. If no `partner` is named, the company's partners
  (its lead partner and every partner with a live CompanyShare) own the row as well, and every
  one who may see the company may see it ("company-owned": contacts, assessments, evaluations).
  If a `partner` is named too, that partner alone is the partner side ("both": a consultation
  request belongs to its company and to the partner handling it, not to the company's lead).
- `person="path"`: a path to a User the row is about (a registration's participant): the person
  sees it, and it lies in the scope of the person's own partners.
- `public=Q(...)`: rows anyone may read, in every scope (a published workshop or lab). Only
  the model's own columns: the database policy is compiled from it.
- `consortium=Q(...)`: rows consortium admins also see in `visible_to` (unrouted requests;
  `Q()` for all rows). The consortium scope itself holds every row of every model.
- `offered_to_smes=Q(...)`: rows every SME user sees in `visible_to` (free consultation slots);
  the company scope then holds all rows of the model (the SME chooses among them).
- `viewers=Viewers.X | Viewers.Y`: narrows who `visible_to` shows rows to (default: every one
  the declaration names): `STAFF` (staff of the owning partners), `PARTNER_ADMINS` (only their
  admins), `COMPANY_USERS` (the company's SME users), `PERSON`.
- `queryset=MyQuerySet` (a ScopedQuerySet subclass) for the model's own query methods.

consulting.Company itself is the one `company_root(...)`: it names its lead partner, the
CompanyShare grants and the CompanyMember accounts that the company paths above rely on.

From the declaration follow, for every model alike (portal/owners.py):
- the scope filter (layer 1, everywhere): what each ScopeKind holds;
- `Model.objects.visible_to(user)`: what one user may see, intersected with the active scope if
  there is one, and working without one; views, exports and tasks read through it;
- `owners.scope_of(row)`: the scope the row's owner works in (ScopedTask runs tasks in it);
- the PostgreSQL row-level security policy (layer 2, `portal/rls.py`), installed by `migrate`,
  holding the session's scope that `activate()` keeps equal to this one (portal/dbscope.py).

Exits from layer 2 are the same as from layer 1 (`unscoped`, `consortium_scope`), plus
`queryset.across_tenants(reason)` for one query whose subqueries count other tenants' rows, and
`subquery(Model)` builds such a subquery (it cannot be read on its own).

`portal.checks` verifies the declarations (paths, base manager) in `manage.py check`, and
tests/portal/test_rls.py that every tenant table carries its policy.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from portal import dbscope

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

    def db_values(self) -> dbscope.Values:
        """The scope as the database session holds it for layer 2 (portal/dbscope.py)."""
        return (
            self.kind.value,
            "" if self.partner_id is None else str(self.partner_id),
            "" if self.company_id is None else str(self.company_id),
            self.reason,
        )


_active_scope: ContextVar[Scope | None] = ContextVar("portal_tenancy_scope", default=None)


def active_scope() -> Scope | None:
    return _active_scope.get()


@contextmanager
def activate(scope: Scope) -> Iterator[Scope]:
    """Enter `scope` and always restore the previous one (also on exceptions)."""
    token = _active_scope.set(scope)
    try:
        with dbscope.on_connection(scope.db_values()):
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


# --- the owner declaration ------------------------------------------------------------------------


class Viewers(enum.Flag):
    """Who `visible_to(user)` shows a row to, among the owners the declaration names."""

    STAFF = enum.auto()  # every member of an owning partner
    PARTNER_ADMINS = enum.auto()  # only the admins of an owning partner
    COMPANY_USERS = enum.auto()  # the owning company's SME users
    PERSON = enum.auto()  # the person the row is about
    ALL = STAFF | COMPANY_USERS | PERSON


@dataclass(frozen=True)
class CompanyRoot:
    """What makes consulting.Company the company every company path ends at."""

    lead_partner: str  # the company's own foreign key to its lead partner
    grants: str  # "app.Model" with `company`, `partner`, `revoked_at`: live shares to partners
    members: str  # "app.Model" with `company`, `user`: the company's SME accounts


@dataclass(frozen=True)
class Owner:
    """One model's owner declaration (see the module docstring); built by `owned_by()`."""

    partner: tuple[str, ...] = ()
    company: str | None = None
    person: str | None = None
    public: Q | None = None
    consortium: Q | None = None
    offered_to_smes: Q | None = None
    viewers: Viewers = Viewers.ALL
    root: CompanyRoot | None = None

    def __post_init__(self) -> None:
        if not (self.partner or self.company or self.person or self.root):
            raise TypeError("owned_by() needs a partner, company or person path")
        if self.root and (self.partner or self.company or self.person):
            raise TypeError("the company root names no other owner")

    @property
    def company_owned(self) -> bool:
        """The company's partners own the row too (no partner of its own is named)."""
        return self.company is not None and not self.partner


def _paths(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def owned_by(
    *,
    partner: str | Sequence[str] = (),
    company: str | None = None,
    person: str | None = None,
    public: Q | None = None,
    consortium: Q | None = None,
    offered_to_smes: Q | None = None,
    viewers: Viewers = Viewers.ALL,
    queryset: type[ScopedQuerySet] | None = None,
) -> ScopedManager:
    """The scoped manager of a tenant model, built from its owner declaration."""
    owner = Owner(
        partner=_paths(partner),
        company=company,
        person=person,
        public=public,
        consortium=consortium,
        offered_to_smes=offered_to_smes,
        viewers=viewers,
    )
    return _manager(owner, queryset)


def company_root(
    *,
    lead_partner: str,
    grants: str,
    members: str,
    consortium: Q | None = None,
    queryset: type[ScopedQuerySet] | None = None,
) -> ScopedManager:
    """The scoped manager of consulting.Company, the model company paths end at."""
    root = CompanyRoot(lead_partner=lead_partner, grants=grants, members=members)
    return _manager(Owner(root=root, consortium=consortium), queryset)


def _manager(owner: Owner, queryset: type[ScopedQuerySet] | None) -> ScopedManager:
    base = queryset or ScopedQuerySet
    owned = type(base.__name__, (base,), {"owner": owner, "__module__": base.__module__})
    return ScopedManager.from_queryset(owned)()


def owner_of(model: type[models.Model]) -> Owner | None:
    """The declaration of a tenant model, None for a model without one."""
    manager = model._default_manager
    if not isinstance(manager, ScopedManager):
        return None
    return getattr(getattr(manager, "_queryset_class", None), "owner", None)


def tenant_models() -> list[type[models.Model]]:
    """Every model with an owner declaration."""
    return [m for m in apps.get_models() if owner_of(m) is not None]


def is_scoped(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, ScopedManager) and isinstance(
        model._base_manager, ScopedManager
    )


# --- querysets and managers ---------------------------------------------------------------------


_USER_ONLY: dbscope.Values = (ScopeKind.UNSCOPED.value, "", "", "visible_to(user) outside a scope")


class ScopedQuerySet(models.QuerySet):
    """Base of every tenant model's queryset; subclass it for the model's own query methods.

    A queryset made while no scope was active is "disabled": building it is fine (forms,
    module-level code), but every read or write raises ScopeError, so a forgotten scope fails
    loudly instead of leaking.
    """

    owner: Owner  # set by owned_by() / company_root()
    _scope_disabled = False
    _user_only = False  # visible_to() outside any scope: the user's own filter decides
    _across = ""  # across_tenants(reason): layer 2 opened for this query, with the reason

    def scope_filter(self, scope: Scope) -> Q:
        from portal.owners import resolve  # owners reads this module's declarations

        return resolve(self.model).scope_filter(scope)

    def visibility_filter(self, user: User) -> Q:
        from portal.owners import resolve

        return resolve(self.model).visibility_filter(user)

    def visible_to(self, user: User) -> Self:
        """Rows `user` may see, intersected with the active scope if there is one."""
        qs = self.all()
        qs._scope_disabled = False  # the user's own filter fails closed by itself
        qs._user_only = qs._user_only or _active_scope.get() is None
        return qs.filter(self.visibility_filter(user))

    def across_tenants(self, reason: str) -> Self:
        """Let this query's subqueries count every tenant's rows: an exit, like unscoped().

        For figures that must include other tenants' rows without showing them (the free
        seats of a workshop count every participant). Layer 1 still filters the rows the
        query returns by the active scope; the database runs the statement with the
        session's "unscoped" value and `reason` (portal.reason), so layer 2 does not.
        """
        if not reason or not reason.strip():
            raise ValueError("across_tenants() needs a reason.")
        qs = self.all()
        qs._across = reason
        return qs

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]  # not in django-stubs
        clone._scope_disabled = self._scope_disabled
        clone._user_only = self._user_only
        clone._across = self._across
        return clone

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Raise without a scope; run a user-only query (see visible_to) past layer 2.

        `visible_to(user)` works whatever scope is active, also none (a shell, a test); the
        database has no scope then and would show no rows, so the query runs with the
        session's explicit "unscoped" value, held by the user's filter alone.
        """
        if self._scope_disabled:
            raise ScopeError(
                f"{self.model.__name__} was queried without an active tenancy scope; "
                "use visible_to(user), run inside the request, or enter unscoped('why')."
            )
        values = None
        if self._across:
            values = (ScopeKind.UNSCOPED.value, "", "", self._across)
        elif self._user_only and _active_scope.get() is None:
            values = _USER_ONLY
        if values is None:
            yield
        else:
            with dbscope.on_connection(values):
                yield

    def _fetch_all(self) -> None:
        with self._guard():
            super()._fetch_all()

    def count(self) -> int:
        with self._guard():
            return super().count()

    def exists(self) -> bool:
        with self._guard():
            return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        with self._guard():
            return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        with self._guard():
            return super().update(**kwargs)

    def _update(self, values: Any) -> Any:
        with self._guard():
            return super()._update(values)  # type: ignore[misc]  # not in django-stubs

    def delete(self) -> tuple[int, dict[str, int]]:
        with self._guard():
            return super().delete()

    def _raw_delete(self, using: str | None) -> int:
        with self._guard():
            return super()._raw_delete(using)

    def iterator(self, chunk_size: int | None = None) -> Any:
        with self._guard():
            if self._across or (self._user_only and _active_scope.get() is None):
                # the session's values hold only while the guard does: read it all inside
                return iter(list(super().iterator(chunk_size=chunk_size)))
        return super().iterator(chunk_size=chunk_size)

    def explain(self, **kwargs: Any) -> str:
        with self._guard():
            return super().explain(**kwargs)


class ScopedManager(models.Manager):
    """Filters by the active scope; also the base manager, so following a foreign key is scoped."""

    def get_queryset(self) -> ScopedQuerySet:
        qs = super().get_queryset()
        if not isinstance(qs, ScopedQuerySet):
            raise TypeError(f"{self.model.__name__}: build the manager with owned_by()")
        scope = _active_scope.get()
        if scope is None:
            qs._scope_disabled = True
            return qs
        if scope.kind is ScopeKind.UNSCOPED:
            return qs
        return qs.filter(qs.scope_filter(scope))

    def visible_to(self, user: User) -> ScopedQuerySet:
        return self.get_queryset().visible_to(user)


class _SubqueryOnly(models.QuerySet):
    """Rows for a subquery of a scoped query: never evaluated on their own (see subquery())."""

    def _refuse(self) -> None:
        raise ScopeError(
            f"subquery({self.model.__name__}) only builds a filter of a scoped query; "
            "read through the scoped manager, visible_to(user) or inside unscoped('why')."
        )

    def _fetch_all(self) -> None:
        self._refuse()

    def count(self) -> int:
        self._refuse()
        return 0

    def exists(self) -> bool:
        self._refuse()
        return False

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._refuse()
        return {}

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._refuse()

    def update(self, **kwargs: Any) -> int:
        self._refuse()
        return 0

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse()
        return 0, {}


def subquery(model: type[models.Model]) -> models.QuerySet:
    """Rows of `model` for a subquery inside another, scoped, query; reading it alone raises.

    Layer 1 does not filter it (the outer query is scoped, and a scope filter that read another
    scoped manager would recurse), but layer 2 does: in the database the subquery sees only the
    active scope's rows. A subquery that must count other tenants' rows says so on the outer
    query with `across_tenants(reason)`.
    """
    return _SubqueryOnly(model=model)
