"""Reads for data protection, always given the viewer where rows are not public."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from portal.access import get_visible_or_404
from portal.models import AuditEntry, User
from privacy.models import AccessibilityFeedback, LegalPage


def legal_page(key: str) -> LegalPage:
    """A legal page is public; a missing one (never migrated) is a 404, not a 500."""
    page = LegalPage.objects.filter(key=key).first()
    if page is None:
        raise Http404
    return page


def company_model() -> type[models.Model]:
    # The SME record lives in an app; portal names it in settings instead of importing it.
    return apps.get_model(getattr(settings, "PRIVACY_COMPANY_MODEL", "consulting.Company"))


def own_company_for(*, viewer: User, company_id: int | None, pk: int | None = None) -> models.Model:
    """The SME user's own company; any other id, or a user without one, gets 404."""
    if company_id is None or (pk is not None and pk != company_id):
        raise Http404
    return get_visible_or_404(company_model(), viewer, pk=company_id)


@dataclass(frozen=True)
class AuditFilters:
    q: str = ""
    action: str = ""


def audit_entries_for(
    *, viewer: User, partner_id: int | None, filters: AuditFilters | None = None
) -> QuerySet:
    """A partner admin reads their partner's entries, a consortium admin the consortium's own
    (entries without a partner); visible_to already says so, this narrows to the active hat."""
    filters = filters or AuditFilters()
    qs = AuditEntry.objects.visible_to(viewer)
    qs = qs.filter(partner_id=partner_id) if partner_id else qs.filter(partner__isnull=True)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.q:
        qs = qs.filter(Q(target_repr__icontains=filters.q) | Q(actor__email__icontains=filters.q))
    return qs.select_related("actor", "partner").order_by("-created_at", "-pk")


def audit_action_prefixes(*, viewer: User, partner_id: int | None) -> list[str]:
    """The `<app>.<model>` parts of the actions present, for the filter's choices."""
    actions = (
        audit_entries_for(viewer=viewer, partner_id=partner_id)
        .order_by()
        .values_list("action", flat=True)
        .distinct()
    )
    return sorted({".".join(action.split(".")[:2]) for action in actions})


def recent_feedback(*, viewer: User) -> list[AccessibilityFeedback]:
    if not (viewer.is_authenticated and viewer.is_consortium_admin):
        return []
    return list(AccessibilityFeedback.objects.all()[:20])
