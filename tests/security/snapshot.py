"""Every row of one tenant as plain values, to prove that a refused request changed nothing."""

from __future__ import annotations

from typing import Any

from assessments.models import Answer, Assessment, AssessmentResult, Report, SecurityAnswer
from consulting.models import (
    AdvisorySession,
    AvailabilitySlot,
    Company,
    CompanyInvitation,
    CompanyMember,
    CompanyShare,
    ConsultationRequest,
    Contact,
    FollowUp,
)
from events.models import CalendarFeed, Event, Registration
from portal import tenancy
from portal.models import Membership, PartnerInstitution, StaffInvitation, User
from tests.security.world import Tenant

# Fields that change without anyone acting on the record (sign-in time).
VOLATILE = {"last_login"}


def _rows(queryset: Any) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.items() if k not in VOLATILE}
        for row in queryset.order_by("pk").values()
    ]


def tenant_snapshot(
    tenant: Tenant, *, actor: User | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The tenant's rows; an actor's own registrations for its public workshops are theirs."""
    company = tenant.rows["company"]
    partner = tenant.partner
    people = [tenant.admin.pk, tenant.consultant.pk, tenant.sme.pk]
    with tenancy.unscoped("security test: snapshot of one tenant"):
        return {
            "partner": _rows(PartnerInstitution.objects.filter(pk=partner.pk)),
            "users": _rows(User.objects.filter(pk__in=people)),
            "memberships": _rows(Membership.objects.filter(partner=partner)),
            "staff_invitations": _rows(StaffInvitation.objects.filter(partner=partner)),
            "company": _rows(Company.objects.filter(pk=company.pk)),
            "contacts": _rows(Contact.objects.filter(company=company)),
            "members": _rows(CompanyMember.objects.filter(company=company)),
            "shares": _rows(CompanyShare.objects.filter(company=company)),
            "company_invitations": _rows(CompanyInvitation.objects.filter(company=company)),
            "slots": _rows(AvailabilitySlot.objects.filter(partner=partner)),
            "requests": _rows(ConsultationRequest.objects.filter(company=company)),
            "sessions": _rows(AdvisorySession.objects.filter(company=company)),
            "follow_ups": _rows(FollowUp.objects.filter(session__company=company)),
            "events": _rows(Event.objects.filter(organizer=partner)),
            "registrations": _rows(
                Registration.objects.filter(event__organizer=partner).exclude(
                    user_id=getattr(actor, "pk", None)
                )
            ),
            "feeds": _rows(CalendarFeed.objects.filter(user_id__in=people)),
            "assessments": _rows(Assessment.objects.filter(company=company)),
            "answers": _rows(Answer.objects.filter(assessment__company=company)),
            "security_answers": _rows(SecurityAnswer.objects.filter(assessment__company=company)),
            "results": _rows(AssessmentResult.objects.filter(assessment__company=company)),
            "reports": _rows(Report.objects.filter(assessment__company=company)),
        }
