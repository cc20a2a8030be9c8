"""What an owner declaration means: the filters of layer 1, the owner scope of a row.

portal/tenancy.py holds the declarations (`owned_by`, `company_root`) and the scoped managers;
this module turns a declaration into filters (the scope filter, `visible_to(user)`) and into
the scope a row's owner works in (for tasks). portal/rls.py compiles the same filters into the
database's policies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.db import models
from django.db.models import Q

from portal.tenancy import CompanyRoot, Owner, Scope, ScopeKind, Viewers, owner_of

if TYPE_CHECKING:
    from portal.models import User


def _plain(model: type[models.Model]) -> models.QuerySet:
    """Rows of `model` inside a filter that is being built: a subquery of a scoped query."""
    return models.QuerySet(model=model)


def _targets(value: Any) -> Any:
    """One id as a list; an SQL expression (a set of ids in the database) as it is."""
    return value if hasattr(value, "resolve_expression") else [value]


def _any(parts: Sequence[Q | None]) -> Q:
    kept = [p for p in parts if p is not None]
    return reduce(or_, kept) if kept else Q(pk__in=[])


def path_in(model: type[models.Model], path: str, targets: Any) -> Q | None:
    """Rows whose `path` ends at one of `targets` (ids, or a subquery of ids).

    One step is a column; longer paths become nested `IN (SELECT ...)` subqueries, never joins:
    no duplicate rows, no extra tables locked by `select_for_update()`, and the same shape as
    the database policy.
    """
    if isinstance(targets, list | tuple | set) and not targets:
        return None
    step, _, rest = path.partition("__")
    if not rest:
        return Q(**{f"{step}__in": targets})
    relation: Any = model._meta.get_field(step)
    related = cast("type[models.Model]", relation.related_model)
    inner = path_in(related, rest, targets)
    if inner is None:
        return None
    if relation.concrete:  # a foreign key of this model
        return Q(**{f"{step}__in": _plain(related).filter(inner).values("pk")})
    # a reverse one-to-one or foreign key: rows the related model points at
    return Q(pk__in=_plain(related).filter(inner).values(relation.field.name))


@dataclass
class _Resolved:
    """A declaration bound to its model (paths checked, the company root looked up)."""

    model: type[models.Model]
    owner: Owner
    company_model: type[models.Model] | None = None

    @cached_property
    def root(self) -> CompanyRoot:
        company_owner = owner_of(self.company_model) if self.company_model else None
        root = company_owner.root if company_owner else self.owner.root
        if root is None:
            raise TypeError(f"{self.model.__name__} names no company")
        return root

    @property
    def company(self) -> type[models.Model]:
        if self.company_model is None:
            raise TypeError(f"{self.model.__name__} names no company")
        return self.company_model

    @cached_property
    def members(self) -> type[models.Model]:
        return apps.get_model(self.root.members)

    @cached_property
    def grants(self) -> type[models.Model]:
        return apps.get_model(self.root.grants)

    # the company root -----------------------------------------------------------------------

    def companies_of_partners(self, partner_ids: Any) -> Q | None:
        """Companies led by or shared (live) with one of the partners: a filter on the root."""
        if not partner_ids:
            return None
        return Q(**{f"{self.root.lead_partner}__in": partner_ids}) | self.shared_with(partner_ids)

    def partner_companies(self, partner_ids: Any) -> Any:
        """Ids of the companies led by or shared with the partners: a subquery."""
        company = _plain(self.company).filter(self.companies_of_partners(partner_ids))
        return company.values("pk")

    def shared_with(self, partner_ids: Any) -> Q:
        """Companies with a live share to one of the partners: a filter on the root."""
        shared = _plain(self.grants).filter(partner__in=partner_ids, revoked_at__isnull=True)
        return Q(pk__in=shared.values("company"))

    def own_companies(self, user: User) -> models.QuerySet:
        return _plain(self.members).filter(user_id=user.pk).values("company")

    # the two sides of the declaration ----------------------------------------------------------

    def partner_side(self, partner_ids: Any, *, scope: bool) -> list[Q | None]:
        """Rows owned by one of the partners (scope: also the person's partners' rows)."""
        owner = self.owner
        if owner.root:
            return [self.companies_of_partners(partner_ids)]
        parts = [path_in(self.model, path, partner_ids) for path in owner.partner]
        if owner.company_owned and owner.company and partner_ids:
            parts.append(path_in(self.model, owner.company, self.partner_companies(partner_ids)))
        if scope and owner.person and partner_ids:
            staff = _plain(apps.get_model("portal.Membership")).filter(partner__in=partner_ids)
            parts.append(path_in(self.model, owner.person, staff.values("user")))
        return parts

    def company_side(self, company_ids: Any) -> Q | None:
        if self.owner.root:
            return Q(pk__in=company_ids)
        if self.owner.company is None:
            return None
        return path_in(self.model, self.owner.company, company_ids)

    # layer 1 ------------------------------------------------------------------------------------

    def scope_filter(self, scope: Scope) -> Q:
        return self.kind_filter(scope.kind, partner=scope.partner_id, company=scope.company_id)

    def kind_filter(self, kind: ScopeKind, *, partner: Any = None, company: Any = None) -> Q:
        """What a scope of `kind` holds; the ids may be SQL expressions (portal/rls.py)."""
        owner = self.owner
        if kind is ScopeKind.CONSORTIUM or kind is ScopeKind.UNSCOPED:
            return Q()
        if kind is ScopeKind.COMPANY and owner.offered_to_smes is not None:
            return Q()  # every SME chooses among these rows; visible_to narrows them
        parts: list[Q | None] = [owner.public]
        if kind is ScopeKind.PARTNER:
            parts += self.partner_side(_targets(partner), scope=True)
        if kind is ScopeKind.COMPANY and company is not None:
            parts.append(self.company_side(_targets(company)))
        return _any(parts)

    def visibility_filter(self, user: User) -> Q:
        owner = self.owner
        if not user.is_authenticated or not user.is_active:
            return _any([owner.public])
        viewers = owner.viewers
        parts: list[Q | None] = [owner.public]
        if owner.root:
            parts.append(self.company_side(self.own_companies(user)))
            parts += self.partner_side(staff_partner_ids(user), scope=False)
        elif owner.company_owned and viewers & Viewers.STAFF:
            company: Any = self.company._default_manager
            parts.append(self.company_side(company.visible_to(user).values("pk")))
        else:
            if viewers & Viewers.PARTNER_ADMINS:
                parts += self.partner_side(admin_partner_ids(user), scope=False)
            elif viewers & Viewers.STAFF:
                parts += self.partner_side(staff_partner_ids(user), scope=False)
            if viewers & Viewers.COMPANY_USERS and owner.company:
                parts.append(self.company_side(self.own_companies(user)))
        if owner.person and viewers & Viewers.PERSON:
            parts.append(path_in(self.model, owner.person, [user.pk]))
        if owner.consortium is not None and user.is_consortium_admin:
            parts.append(owner.consortium)
        if owner.offered_to_smes is not None and _plain(self.members).filter(user=user).exists():
            parts.append(owner.offered_to_smes)
        return _any(parts)


def staff_partner_ids(user: User) -> list[int]:
    """Partners whose staff `user` is (consultants and partner admins)."""
    if not user.is_authenticated or not user.is_active:
        return []
    return [m.partner_id for m in user.partner_memberships()]


def admin_partner_ids(user: User) -> list[int]:
    if not user.is_authenticated or not user.is_active:
        return []
    return [m.partner_id for m in user.partner_memberships() if m.is_partner_admin]


_resolved: dict[type[models.Model], _Resolved] = {}


def resolve(model: type[models.Model]) -> _Resolved:
    """The declaration of `model`, bound and checked once (raises for a broken path)."""
    found = _resolved.get(model)
    if found is None:
        owner = owner_of(model)
        if owner is None:
            raise TypeError(f"{model.__name__} has no owner declaration (owned_by)")
        found = _Resolved(model, owner, _company_model(model, owner))
        _resolved[model] = found
    return found


def _company_model(model: type[models.Model], owner: Owner) -> type[models.Model] | None:
    if owner.company is None:
        return None
    target = path_target(model, owner.company)
    target_owner = owner_of(target)
    if target_owner is None or target_owner.root is None:
        raise TypeError(f"{model.__name__}.{owner.company} does not end at the company root")
    return target


def path_target(model: type[models.Model], path: str) -> type[models.Model]:
    """The model a declared path ends at."""
    for step in path.split("__"):
        relation = model._meta.get_field(step)
        if not relation.is_relation or relation.many_to_many:
            raise TypeError(f"{model.__name__}.{step} is not a foreign key or one-to-one")
        model = cast("type[models.Model]", relation.related_model)
    return model


# --- the scope a row's owner works in (tasks) -----------------------------------------------------


def _value_at(row: models.Model, path: str) -> Any:
    """The id a declared path of foreign keys ends at, for one row (None where it breaks)."""
    *steps, last = path.split("__")
    for step in steps:
        row = getattr(row, step)
        if row is None:
            return None
    return getattr(row, f"{last}_id")


def scope_of(row: models.Model) -> Scope:
    """The scope of the row's owner: the first partner its declaration names that is set, else
    its company's (a company works in its lead partner's scope, or its own without one), else
    the consortium's where the declaration gives it rows of no partner.

    ScopedTask runs a task about the row in it (portal/tasking.py); read it unscoped.
    """
    owner = owner_of(type(row))
    if owner is None:
        raise TypeError(f"{type(row).__name__} has no owner declaration (owned_by)")
    if owner.root:
        lead = getattr(row, f"{owner.root.lead_partner}_id")
        if lead:
            return Scope(ScopeKind.PARTNER, partner_id=lead)
        return Scope(ScopeKind.COMPANY, company_id=row.pk)
    for path in owner.partner:
        if partner_id := _value_at(row, path):
            return Scope(ScopeKind.PARTNER, partner_id=partner_id)
    if owner.company:
        company_id = _value_at(row, owner.company)
        if owner.company_owned and company_id is not None:
            company = resolve(type(row)).company
            return scope_of(company._base_manager.get(pk=company_id))
        return Scope(ScopeKind.COMPANY, company_id=company_id)
    if owner.consortium is not None:  # no partner of its own: the consortium's row
        return Scope(ScopeKind.CONSORTIUM, reason=f"{type(row).__name__} of no partner")
    raise TypeError(f"{type(row).__name__} {row.pk} has no owner set")
