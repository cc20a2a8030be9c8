"""Helpers shared by the consulting views."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from portal.errors import BusinessRuleError

PAGE_SIZE = 25


def active_partner(request: HttpRequest) -> Any:
    """The active partner of a staff request; anyone else gets 404."""
    partner = request.active_context.partner
    if partner is None:
        raise Http404
    return partner


def form_error(form: Any, error: BusinessRuleError) -> None:
    form.add_error(None, error.message)
