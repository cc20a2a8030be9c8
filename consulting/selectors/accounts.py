"""Reads about SME accounts, always given the viewer."""

from __future__ import annotations

from consulting.models import (
    Company,
    CompanyMember,
)
from portal.models import User
from portal.tenancy import unscoped


def company_id_for_user(user: User) -> int | None:
    """The company an SME user acts for; read before any scope exists (by the middleware)."""
    with unscoped("find the signed-in SME user's own company to set their scope"):
        return (
            CompanyMember.objects.filter(user_id=user.pk)
            .values_list("company_id", flat=True)
            .first()
        )


def company_of(user: User) -> Company | None:
    """The SME user's own company, through the user's own visibility rule."""
    return Company.objects.visible_to(user).filter(members__user=user).first()


def colleagues_of(user: User) -> list[CompanyMember]:
    """The other accounts of the SME user's company."""
    return list(
        CompanyMember.objects.visible_to(user)
        .filter(company__members__user=user)
        .exclude(user=user)
        .select_related("user")
    )


def open_colleague_invitations(user: User) -> list:
    from consulting.models import CompanyInvitation

    return list(
        CompanyInvitation.objects.visible_to(user).filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        )
    )


def company_count_visible_to(user: User) -> int:
    """Companies the user may see in the active scope (a partner's own and shared ones)."""
    return Company.objects.visible_to(user).count()


def company_counts_by_lead_partner() -> dict[int | None, int]:
    """Aggregate across partners; callers must be inside consortium_scope()."""
    from django.db.models import Count

    rows = Company.objects.values("lead_partner_id").annotate(n=Count("pk")).order_by()
    return {row["lead_partner_id"]: row["n"] for row in rows}
