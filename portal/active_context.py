"""Which hat a signed-in user wears on this request: a partner, the consortium, or their company.

A user with several memberships (or a consortium admin who is also a partner's member) picks the
active one in the navigation; the choice is kept in the session and re-checked on every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from portal.models import Membership, PartnerInstitution

SESSION_KEY = "portal_active_context"
CONSORTIUM = "consortium"


@dataclass
class ActiveContext:
    membership: Membership | None = None
    is_consortium: bool = False
    company_id: int | None = None
    is_sme: bool = False
    memberships: list[Membership] = field(default_factory=list)
    can_act_for_consortium: bool = False

    @property
    def partner(self) -> PartnerInstitution | None:
        return self.membership.partner if self.membership else None

    @property
    def is_partner_admin(self) -> bool:
        return bool(self.membership and self.membership.is_partner_admin)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """What the navigation's switcher offers: (value, label)."""
        from django.utils.translation import gettext as _

        options = [(str(m.partner_id), m.partner.short_name) for m in self.memberships]
        if self.can_act_for_consortium:
            options.append((CONSORTIUM, _("Consortium")))
        return options

    @property
    def value(self) -> str:
        if self.is_consortium:
            return CONSORTIUM
        return str(self.membership.partner_id) if self.membership else ""


@cache
def _company_resolver():
    # consulting owns the SME's link to a company; portal must not import it (design §2).
    return import_string(settings.PORTAL_COMPANY_RESOLVER)


def resolve_active_context(request: HttpRequest) -> ActiveContext:
    user = request.user
    if not user.is_authenticated:
        return ActiveContext()
    memberships = user.partner_memberships()
    context = ActiveContext(
        memberships=memberships, can_act_for_consortium=user.is_consortium_admin
    )
    chosen = request.session.get(SESSION_KEY, "")
    if chosen == CONSORTIUM and user.is_consortium_admin:
        context.is_consortium = True
        return context
    by_partner = {str(m.partner_id): m for m in memberships}
    if chosen in by_partner:
        context.membership = by_partner[chosen]
    elif memberships:
        context.membership = memberships[0]
    elif user.is_consortium_admin:
        context.is_consortium = True
    else:
        context.company_id = _company_resolver()(user)
        context.is_sme = context.company_id is not None
    return context


def choose_active_context(request: HttpRequest, value: str) -> bool:
    """Keep the user's choice if it is one of theirs; returns whether it was accepted."""
    if value not in {choice for choice, _label in resolve_active_context(request).choices}:
        return False
    request.session[SESSION_KEY] = value
    return True
