"""Helpers shared by the economics views: who may open the pages, and one evaluation's lookup."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from economics import selectors
from economics.models import Evaluation
from portal.access import active_context_or_404
from portal.active_context import ActiveContext
from portal.http import SignedInRequest


def working_context(request: HttpRequest) -> ActiveContext:
    """Evaluations are for an SME's own users and partner staff; the consortium sees figures
    only (design: never single evaluations), so for it these pages do not exist."""
    return active_context_or_404(request, partner=True, sme=True)


def visible_evaluation(request: SignedInRequest, pk: Any) -> Evaluation:
    working_context(request)
    return selectors.evaluation_for(viewer=request.user, pk=pk)
