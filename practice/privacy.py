"""Practice's part of data protection (found by privacy/registry.py).

The caller has entered the company's scope; everything here also filters by the company.
Exported: the cases about the company (their text and status), the company's answers on them,
and its referrals. Erasure takes every case about the company offline, unlinks it from the
company and anonymises the people who answered (services.take_offline_for_erasure); referrals
lose their free text and the name of who consented. Counts stay for the figures.
"""

from __future__ import annotations

from typing import Any

from consulting.models import Company
from portal.models import User
from practice.models import Case, CaseApproval, Referral
from practice.services import take_offline_for_erasure

ERASED_TEXT = "[erased]"


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def export_company_data(company: Company) -> dict[str, list[dict[str, Any]]]:
    cases = list(
        Case.objects.filter(company=company).select_related("partner").order_by("created_at")
    )
    approvals = CaseApproval.objects.filter(case__company=company).select_related("case")
    referrals = Referral.objects.filter(company=company).select_related(
        "network_partner", "partner"
    )
    return {
        "good_practice_cases": [
            {
                "title": c.title,
                "partner": c.partner.short_name,
                "status": c.get_status_display(),
                "company_named": c.company_named,
                "text_version": c.text_version,
                "summary": c.summary,
                "starting_point": c.starting_point,
                "approach": c.approach,
                "result": c.result,
                "lessons": c.lessons,
                "figures": c.figures,
                "published_at": _iso(c.published_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in cases
        ],
        "good_practice_approvals": [
            {
                "case": a.case.title,
                "text_version": a.text_version,
                "text_hash": a.text_hash,
                "approved": a.approved,
                "may_name_company": a.may_name_company,
                "approver_name": a.approver_name,
                "approver_email": a.approver_email,
                "via": a.get_via_display(),
                "comment": a.comment,
                "decided_at": _iso(a.decided_at),
                "revoked_at": _iso(a.revoked_at),
            }
            for a in approvals.order_by("decided_at", "pk")
        ],
        "network_referrals": [
            {
                "network_partner": r.network_partner.name,
                "referred_by": r.partner.short_name,
                "reason": r.reason,
                "consent_given_by": r.consent_given_by,
                "consent_text_version": r.consent_text_version,
                "consent_at": _iso(r.consent_at),
                "follow_up_on": _iso(r.follow_up_on),
                "outcome": r.get_outcome_display(),
                "outcome_note": r.outcome_note,
                "created_at": _iso(r.created_at),
            }
            for r in referrals.order_by("created_at", "pk")
        ],
    }


def identifying_terms(company: Company) -> list[str]:
    """The names of the people who answered on the company's cases or consented to referrals."""
    names = set(
        CaseApproval.objects.filter(case__company=company).values_list("approver_name", flat=True)
    )
    names |= set(
        Referral.objects.filter(company=company).values_list("consent_given_by", flat=True)
    )
    return sorted(n for n in names if n and len(n) >= 3 and n != ERASED_TEXT)


def erase_company_data(company: Company, *, actor: User) -> dict[str, int]:
    """Idempotent: a second run finds no case linked to the company and no text to erase."""
    cases = take_offline_for_erasure(company=company, actor=actor)
    referrals = Referral.objects.filter(company=company).exclude(consent_given_by=ERASED_TEXT)
    count = referrals.update(reason=ERASED_TEXT, consent_given_by=ERASED_TEXT, outcome_note="")
    return {"good_practice_cases": cases, "referrals": count}
