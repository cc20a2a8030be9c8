"""Helpers shared by the consulting views: the checks on a company record, written once."""

from __future__ import annotations

from typing import Any

from consulting import permissions, selectors
from consulting.models import AdvisorySession, Company
from portal.access import active_partner_or_404
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest
from portal.permissions import requires_permission

PAGE_SIZE = 25


def form_error(form: Any, error: BusinessRuleError) -> None:
    form.add_error(None, error.message)


def _visible_company(request: SignedInRequest, pk: int) -> Company:
    return selectors.company_for(viewer=request.user, pk=pk)


def _partners_session(request: SignedInRequest, pk: int) -> AdvisorySession:
    active_partner_or_404(request)
    return selectors.session_for(viewer=request.user, pk=pk)


# Editing a company record: its own SME users and the staff of partners that may see it. For
# anyone else who may read it (the consortium, an unrouted record) it does not exist.
editable_company = requires_permission(
    permissions.can_edit_company, lookup=_visible_company, hide=True
)
# Sharing a company and revoking shares: the lead partner's staff. A partner it is shared with
# may read it, but it is not theirs to pass on: for them the page does not exist.
shareable_company = requires_permission(
    permissions.can_share_company, lookup=_visible_company, hide=True
)
# A session's notes: the staff of the partner that held it (the SME sees the session in its
# timeline, not the internal notes).
session_notes = requires_permission(
    permissions.can_see_session_notes, lookup=_partners_session, hide=True
)
