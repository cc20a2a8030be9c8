"""Advisory-session log with follow-ups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting import permissions
from consulting.caching import forget_company_lists
from consulting.models import (
    STAGE_ORDER,
    AdvisorySession,
    Company,
    ConsultationRequest,
    FollowUp,
    RequestStatus,
    Stage,
)
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import Membership, PartnerInstitution, Topic, User
from portal.tenancy import partner_scope, raw_rows


@dataclass(frozen=True)
class FollowUpData:
    title: str
    owner: User
    due_date: date


def next_stage(company: Company) -> str:
    """The stage after the latest one logged for the company (any partner), else first contact."""
    stages = set(
        raw_rows(AdvisorySession).filter(company_id=company.pk).values_list("stage", flat=True)
    )
    if not stages:
        return Stage.FIRST_CONTACT
    latest = max(STAGE_ORDER.index(s) for s in stages)
    return STAGE_ORDER[min(latest + 1, len(STAGE_ORDER) - 1)]


def log_session(
    *,
    actor: User,
    partner: PartnerInstitution,
    company: Company,
    date: date,
    duration_minutes: int,
    format: str,
    stage: str,
    topics: Iterable[Topic],
    summary: str,
    outcomes: str = "",
    consultants: Iterable[User] = (),
    follow_ups: Iterable[FollowUpData] = (),
    good_practice_consent: bool = False,
    request: ConsultationRequest | None = None,
) -> AdvisorySession:
    """Log a session (from a request or on its own); a linked request becomes completed."""
    if not permissions.is_staff_of(actor, partner):
        raise PermissionRefused()
    if not permissions.partner_sees_company(partner.pk, company):
        raise PermissionRefused()
    if date > timezone.localdate():
        raise BusinessRuleError(_("A session cannot be logged for a future date."))
    topics = list(topics)
    if not topics:
        raise BusinessRuleError(_("Please choose at least one topic."))
    consultants = list({u.pk: u for u in [actor, *consultants]}.values())
    follow_ups = list(follow_ups)
    # One query for everyone who must belong to the partner: consultants and follow-up owners.
    people = [*consultants, *(item.owner for item in follow_ups)]
    staff_ids = set(
        Membership.objects.filter(partner=partner, user__in=people).values_list(
            "user_id", flat=True
        )
    )
    if any(item.owner.pk not in staff_ids for item in follow_ups):
        raise BusinessRuleError(_("A follow-up's owner must belong to the partner."))
    if any(u.pk not in staff_ids for u in consultants):
        raise BusinessRuleError(_("Consultants must belong to the partner."))
    with partner_scope(partner), transaction.atomic():
        locked_request = None
        if request is not None:
            locked_request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
            if locked_request.company_id != company.pk:
                raise BusinessRuleError(_("The request belongs to another company."))
            if AdvisorySession.objects.filter(request=locked_request).exists():
                raise BusinessRuleError(_("A session was logged for this request already."))
        session = AdvisorySession(
            company=company,
            partner=partner,
            request=locked_request,
            date=date,
            duration_minutes=duration_minutes,
            format=format,
            stage=stage,
            summary=summary.strip(),
            outcomes=outcomes.strip(),
            good_practice_consent=good_practice_consent,
            created_by=actor,
        )
        session.full_clean()
        session.save()
        session.topics.set(topics)
        session.consultants.set(consultants)
        forget_company_lists()  # the company's last contact
        for item in follow_ups:
            follow_up = FollowUp(
                session=session, title=item.title.strip(), owner=item.owner, due_date=item.due_date
            )
            follow_up.full_clean()
            follow_up.save()
        if locked_request is not None:
            locked_request.status = RequestStatus.COMPLETED
            locked_request.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="consulting.advisory_session.logged",
            target=session,
            data={"follow_ups": len(follow_ups), "request_id": request.pk if request else None},
        )
    return session


def complete_follow_up(*, actor: User, follow_up: FollowUp) -> FollowUp:
    partner_id = follow_up.session.partner_id
    if not permissions.is_staff_of(actor, partner_id):
        raise PermissionRefused()
    with partner_scope(partner_id), transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.done_at is None:
            locked.done_at = timezone.now()
            locked.save(update_fields=["done_at"])
            audit.record(
                actor=actor,
                action="consulting.follow_up.completed",
                target=locked,
                partner=partner_id,
            )
    return locked
