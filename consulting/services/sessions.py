"""Advisory-session log with follow-ups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting import permissions
from consulting.choices import STAGE_ORDER
from consulting.models import (
    AdvisorySession,
    Company,
    ConsultationRequest,
    FollowUp,
    Stage,
)
from consulting.services.lifecycle import REQUEST_LIFECYCLE
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import Membership, PartnerInstitution, Topic, User
from portal.tenancy import partner_scope, unscoped


@dataclass(frozen=True)
class FollowUpData:
    title: str
    owner: User
    due_date: date
    shared: bool = False  # agreed with the company: it sees this follow-up


def next_stage(company: Company) -> str:
    """The stage after the latest one logged for the company (any partner), else first contact."""
    with unscoped("the next stage follows the stages every partner logged for the company"):
        stages = set(
            AdvisorySession.objects.filter(company_id=company.pk).values_list("stage", flat=True)
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
    outcomes_shared: bool = False,
    request: ConsultationRequest | None = None,
) -> AdvisorySession:
    """Log a session (from a request or on its own); a linked request becomes completed.

    A linked request must be open (the request life cycle's "complete" move); the same session
    (company, partner, date, stage and summary) is logged once; follow-ups are due today or
    later. Anything refused changes nothing."""
    if not permissions.is_staff_of(actor, partner):
        raise PermissionRefused()
    if not permissions.partner_sees_company(partner.pk, company):
        raise PermissionRefused()
    if company.is_erased:
        raise BusinessRuleError(_("This company erased its data; nothing more is logged for it."))
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
    if any(item.due_date < timezone.localdate() for item in follow_ups):
        raise BusinessRuleError(_("A follow-up cannot be due in the past."))
    with partner_scope(partner), transaction.atomic():
        # The company row is the lock under which "logged already?" is asked and answered.
        Company.objects.select_for_update().filter(pk=company.pk).first()
        locked_request = None
        if request is not None:
            locked_request = (
                ConsultationRequest.objects.select_for_update().filter(pk=request.pk).first()
            )
            if locked_request is None or locked_request.partner_id != partner.pk:
                raise BusinessRuleError(_("This request is not handled by your institution."))
            if locked_request.company_id != company.pk:
                raise BusinessRuleError(_("The request belongs to another company."))
            if AdvisorySession.objects.filter(request=locked_request).exists():
                raise BusinessRuleError(_("A session was logged for this request already."))
            REQUEST_LIFECYCLE.check(locked_request, "complete")
        if AdvisorySession.objects.filter(
            company=company, partner=partner, date=date, stage=stage, summary=summary.strip()
        ).exists():
            raise BusinessRuleError(_("This session was logged already."))
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
            outcomes_shared=outcomes_shared,
            created_by=actor,
        )
        try:
            session.full_clean()
        except ValidationError as error:
            raise BusinessRuleError(" ".join(error.messages)) from error
        session.save()
        session.topics.set(topics)
        session.consultants.set(consultants)
        for item in follow_ups:
            follow_up = FollowUp(
                session=session,
                title=item.title.strip(),
                owner=item.owner,
                due_date=item.due_date,
                shared=item.shared,
            )
            follow_up.full_clean()
            follow_up.save()
        if locked_request is not None:
            REQUEST_LIFECYCLE.transition(
                locked_request,
                "complete",
                actor=actor,
                data={"session_id": session.pk},
                clean_exclude=["slot", "submission"],
            )
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
