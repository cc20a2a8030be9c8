"""Consulting's part of data protection (found by privacy/registry.py).

The caller has entered the company's scope; everything here also filters by the company, so a
row of another company can never slip in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max, Q

from consulting.consent import consent_text
from consulting.models import (
    ERASED_TEXT,
    OPEN_REQUEST_STATES,
    AdvisorySession,
    Company,
    CompanyInvitation,
    CompanyMember,
    CompanyShare,
    ConsultationRequest,
    Contact,
    FollowUp,
)
from portal.models import User
from portal.tenancy import unscoped

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: can never be delivered to


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def export_company_data(company: Company) -> dict[str, list[dict[str, Any]]]:
    """The record, contacts, accounts, requests and sessions as the company itself sees them."""
    record = {
        "name": company.name,
        "legal_form": company.get_legal_form_display(),
        "street": company.street,
        "postcode": company.postcode,
        "city": company.city,
        "district": company.get_district_display(),
        "sector_section": company.sector_section,
        "sector_division": company.sector_division,
        "employees": company.employees,
        "annual_turnover": company.annual_turnover,
        "balance_sheet_total": company.balance_sheet_total,
        "size_class": company.get_size_class_display(),
        "website": company.website,
        "phone": company.phone,
        "lead_partner": company.lead_partner.short_name if company.lead_partner else "",
        "created_at": _iso(company.created_at),
    }
    contacts = [
        {
            "first_name": c.first_name,
            "last_name": c.last_name,
            "role": c.role,
            "email": c.email,
            "phone": c.phone,
            "consent_at": _iso(c.consent_at),
            "consent_text_version": c.consent_text_version,
            "consent_text": consent_text(c.consent_text_version),
            "created_at": _iso(c.created_at),
        }
        for c in Contact.objects.filter(company=company).order_by("pk")
    ]
    accounts = [
        {
            "email": m.user.email,
            "first_name": m.user.first_name,
            "last_name": m.user.last_name,
            "joined_at": _iso(m.joined_at),
            "last_login": _iso(m.user.last_login),
        }
        for m in CompanyMember.objects.filter(company=company).select_related("user").order_by("pk")
    ]
    requests = [
        {
            "id": r.pk,
            "created_at": _iso(r.created_at),
            "status": r.get_status_display(),
            "topics": ", ".join(t.name for t in r.topics.all()),
            "description": r.description,
            "preferred_partner": r.preferred_partner.short_name if r.preferred_partner else "",
            "partner": r.partner.short_name if r.partner else "",
            "format": r.get_mode_display(),
            "proposed_times": r.proposed_times,
            "scheduled_start": _iso(r.scheduled_start),
            "scheduled_end": _iso(r.scheduled_end),
            "decline_reason": r.decline_reason,
        }
        for r in ConsultationRequest.objects.filter(company=company)
        .select_related("preferred_partner", "partner")
        .prefetch_related("topics")
        .order_by("pk")
    ]
    # What the company sees of a session on its page: when, who, how, which stage and topics.
    # The consultants' own notes (summary, outcomes, follow-ups) are the partner's records.
    sessions = [
        {
            "date": _iso(s.date),
            "partner": s.partner.short_name,
            "format": s.get_format_display(),
            "stage": s.get_stage_display(),
            "duration_minutes": s.duration_minutes,
            "topics": ", ".join(t.name for t in s.topics.all()),
        }
        for s in AdvisorySession.objects.filter(company=company)
        .select_related("partner")
        .prefetch_related("topics")
        .order_by("date", "pk")
    ]
    return {
        "company": [record],
        "contacts": contacts,
        "user_accounts": accounts,
        "consultation_requests": requests,
        "advisory_sessions": sessions,
    }


def identifying_terms(company: Company) -> list[str]:
    """Names and addresses that the audit log and other texts may carry: the company's, its
    contacts' and accounts' (full name, surname alone, e-mail: a search for the surname is
    logged as typed), and the addresses its users invited."""
    terms = [company.name]
    for contact in Contact.objects.filter(company=company):
        terms += [
            f"{contact.first_name} {contact.last_name}".strip(),
            contact.last_name,
            contact.email,
        ]
    for member in CompanyMember.objects.filter(company=company).select_related("user"):
        terms += [member.user.get_full_name(), member.user.last_name, member.user.email]
    terms += CompanyInvitation.objects.filter(company=company).values_list("email", flat=True)
    return sorted({term for term in terms if term and len(term) >= 3})


def account_ids(company: Company) -> list[int]:
    """The company's user accounts, whose login sessions the erasure ends."""
    return list(CompanyMember.objects.filter(company=company).values_list("user_id", flat=True))


def anonymise_contact(contact: Contact) -> None:
    contact.first_name = ERASED_TEXT
    contact.last_name = ERASED_TEXT
    contact.role = ""
    contact.email = f"contact-{contact.pk}@{ERASED_DOMAIN}"
    contact.phone = ""
    contact.full_clean()
    contact.save()


def anonymise_user(user: User) -> None:
    """The account can no longer sign in, and nothing in it names the person."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user.email = f"user-{user.pk}@{ERASED_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()


def erase_company_data(company: Company, *, actor: User) -> dict[str, int]:
    """Anonymise the people and the company's identifying data; keep the anonymous figures.

    District, sector, headcount and money figures (hence the size class), the lead partner,
    requests, sessions and their dates stay, so funding reports still count them.
    """
    contacts = list(Contact.objects.filter(company=company))
    for contact in contacts:
        anonymise_contact(contact)
    members = list(CompanyMember.objects.filter(company=company).select_related("user"))
    for member in members:
        anonymise_user(member.user)
    invitations = CompanyInvitation.objects.filter(company=company).delete()[0]
    closed = close_open_requests(company, actor=actor)
    requests = ConsultationRequest.objects.filter(company=company).update(
        description=ERASED_TEXT, proposed_times="", decline_reason=""
    )
    sessions = AdvisorySession.objects.filter(company=company).update(
        summary=ERASED_TEXT, outcomes=""
    )
    # The partners' to-dos and the reasons they typed for a share name the company's people as
    # often as their notes do; both are the partners' rows, outside the company's scope.
    with unscoped("erasure: partners' follow-ups and share reasons about the erased company"):
        follow_ups = FollowUp.objects.filter(session__company=company).update(title=ERASED_TEXT)
        CompanyShare.objects.filter(company=company).update(reason=ERASED_TEXT)
    company = Company.objects.select_for_update().get(pk=company.pk)
    company.name = f"{ERASED_TEXT} #{company.pk}"
    company.street = ""
    company.phone = ""
    company.website = ""
    company.legal_form = ""
    company.postcode = "00000"
    company.city = ERASED_TEXT
    company.full_clean()
    company.save()
    return {
        "contacts": len(contacts),
        "user_accounts": len(members),
        "invitations": invitations,
        "requests": requests,
        "requests_closed": closed,
        "sessions": sessions,
        "follow_ups": follow_ups,
    }


def close_open_requests(company: Company, *, actor: User) -> int:
    """An erased company's open requests end (the life cycle's "close" move), their slots are
    free again, and the staff who handled them are told: nobody waits for an appointment with
    a client that no longer exists, and no page offers to accept or schedule it."""
    from consulting.services.booking import release_slot
    from consulting.services.lifecycle import REQUEST_LIFECYCLE
    from consulting.services.notify import notify_staff

    open_requests = (
        ConsultationRequest.objects.select_for_update()
        .filter(company=company, status__in=OPEN_REQUEST_STATES)
        .order_by("pk")
    )
    count = 0
    for request in open_requests:
        slot_id = request.slot_id
        REQUEST_LIFECYCLE.transition(
            request,
            "close",
            actor=actor,
            changes={"slot": None, "calendar_sequence": request.calendar_sequence + 1},
            data={"reason": "company erased"},
            clean_exclude=["slot", "submission", "description", "proposed_times"],
        )
        release_slot(slot_id, actor=actor)
        if request.partner_id:
            notify_staff(request, event="erased")
        count += 1
    return count


def _last_activity_cutoff_q(cutoff: datetime) -> Q:
    """Companies with a request or session since `cutoff` are active, and so are their people."""
    return Q(last_request__gte=cutoff) | Q(last_session__gte=cutoff.date())


def anonymise_inactive_contacts(*, cutoff: datetime) -> int:
    """Contacts of companies without a request or session since `cutoff`, created before it,
    whose own account (if any) has not signed in since: their names and addresses go.

    Runs unscoped (beat job). Already anonymised contacts are skipped, so reruns change nothing.
    """
    active_companies = (
        Company.objects.annotate(
            last_request=Max("requests__created_at"), last_session=Max("sessions__date")
        )
        .filter(_last_activity_cutoff_q(cutoff))
        .values("pk")
    )
    candidates = (
        Contact.objects.filter(created_at__lt=cutoff)
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .exclude(company_id__in=active_companies)
        .exclude(user__last_login__gte=cutoff)
        .exclude(user__date_joined__gte=cutoff)
    )
    count = 0
    for contact in candidates.select_related("company"):
        anonymise_contact(contact)
        count += 1
    return count


def housekeeping(*, now: datetime) -> dict[str, int]:
    """The daily clean-up: sign-ups whose address was never confirmed go with their accounts."""
    from consulting.services import purge_unconfirmed_signups

    return {"unconfirmed_signups": purge_unconfirmed_signups(now=now)}
