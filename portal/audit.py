"""`audit.record(...)`: one row per business action, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from portal.models import AuditEntry, PartnerInstitution, User
from portal.tenancy import unscoped


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    partner: PartnerInstitution | int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write an audit entry. `action` is dotted `<app>.<model>.<verb>`.

    The partner defaults to the target's owner where the target says (`audit_partner_id`), so a
    partner admin later reads exactly their institution's part of the log.
    """
    if partner is None and target is not None:
        partner = getattr(target, "audit_partner_id", None)
    partner_id = partner if isinstance(partner, int) or partner is None else partner.pk
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    # The log is appended to from every scope (an SME's action, a sign-in before any scope),
    # while reading it is scoped: row-level security would refuse an entry the writer cannot
    # read back (PostgreSQL checks INSERT ... RETURNING against the SELECT policy).
    with unscoped("append to the audit log"):
        return AuditEntry.objects.create(
            actor=actor_obj,
            partner_id=partner_id,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_repr=str(target)[:200] if target is not None else "",
            data=data or {},
        )
