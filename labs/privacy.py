"""Labs' part of data protection (found by privacy/registry.py).

The company's lab trials; the caller has entered the company's scope.
"""

from __future__ import annotations

from typing import Any

from consulting.models import Company
from consulting.privacy import ERASED_TEXT
from labs.models import Trial
from portal.models import User


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def export_company_data(company: Company) -> dict[str, list[dict[str, Any]]]:
    """Every trial of the company as the company sees it on its pages (outcome included)."""
    trials = [
        {
            "lab": t.lab.name,
            "partner": t.lab.partner.short_name,
            "starts_at": _iso(t.starts_at),
            "ends_at": _iso(t.ends_at),
            "purpose": t.get_purpose_display(),
            "description": t.description,
            "brings": t.brings,
            "people": t.people,
            "other_times": t.other_times,
            "confidential": t.confidential,
            "status": t.get_status_display(),
            "reason": t.decline_reason,
            "guide": t.guide.get_full_name() if t.guide else "",
            "requested_by": t.requested_by.email if t.requested_by else "",
            "requested_at": _iso(t.created_at),
            "tested": t.tested,
            "result": t.result,
            "next_steps": t.next_steps,
            "may_cite": t.may_cite,
        }
        for t in Trial.objects.filter(company=company)
        .select_related("lab__partner", "guide", "requested_by")
        .order_by("created_at", "pk")
    ]
    return {"lab_trials": trials}


def erase_company_data(company: Company, *, actor: User) -> dict[str, int]:
    """What the company wrote and what was found about its development goes; the lab, the
    times, the purpose, the state and the people count stay for the figures. Idempotent."""
    erased = Trial.objects.filter(company=company).update(
        description=ERASED_TEXT,
        brings="",
        other_times="",
        decline_reason="",
        tested="",
        result="",
        next_steps="",
        requested_by=None,
        may_cite=False,
    )
    return {"lab_trials": erased}
