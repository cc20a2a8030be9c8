"""Reads of advisory sessions and follow-ups, and the dashboard figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Q,
    Sum,
)
from django.utils import timezone
from django.utils.translation import get_language

from consulting.models import (
    OPEN_REQUEST_STATES,
    AdvisorySession,
    ConsultationRequest,
    FollowUp,
    RequestStatus,
    Stage,
)
from consulting.permissions import is_member_of_company
from portal.access import get_visible_or_404
from portal.models import PartnerInstitution, User
from portal.tenancy import unscoped


def session_for(*, viewer: User, pk: int) -> AdvisorySession:
    return get_visible_or_404(AdvisorySession, viewer, pk=pk)


def my_open_follow_ups(*, viewer: User, partner: PartnerInstitution) -> list[FollowUp]:
    return list(
        FollowUp.objects.visible_to(viewer)
        .filter(owner=viewer, done_at__isnull=True, session__partner=partner)
        .select_related("session__company")[:10]
    )


def my_next_appointments(*, viewer: User, partner: PartnerInstitution) -> list[ConsultationRequest]:
    return list(
        ConsultationRequest.objects.visible_to(viewer)
        .filter(
            partner=partner,
            consultant=viewer,
            status__in=OPEN_REQUEST_STATES,
            scheduled_start__gte=timezone.now(),
        )
        .select_related("company")
        .order_by("scheduled_start")[:10]
    )


def my_appointments_between(
    *, viewer: User, partner: PartnerInstitution, start: datetime, end: datetime
) -> list[ConsultationRequest]:
    """The viewer's own open appointments at the partner that overlap [start, end)."""
    return list(
        ConsultationRequest.objects.visible_to(viewer)
        .filter(
            partner=partner,
            consultant=viewer,
            status__in=OPEN_REQUEST_STATES,
            scheduled_start__lt=end,
            scheduled_end__gt=start,
        )
        .select_related("company")
        .order_by("scheduled_start")
    )


def my_follow_ups_due_by(*, viewer: User, partner: PartnerInstitution, day: date) -> list[FollowUp]:
    """The viewer's open follow-ups at the partner due on `day` or before (overdue ones too)."""
    return list(
        FollowUp.objects.visible_to(viewer)
        .filter(owner=viewer, done_at__isnull=True, session__partner=partner, due_date__lte=day)
        .select_related("session__company")
        .order_by("due_date", "pk")
    )


def hours_by(*, viewer: User, partner: PartnerInstitution) -> dict[str, list[tuple[str, float]]]:
    """Hours logged by the partner, per consultant, stage and topic (partner admins)."""
    sessions = AdvisorySession.objects.visible_to(viewer).filter(partner=partner)
    per_consultant = (
        sessions.values("consultants__first_name", "consultants__last_name")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by("-minutes")
    )
    per_stage = sessions.values("stage").annotate(minutes=Sum("duration_minutes")).order_by("stage")
    per_topic = (
        sessions.values("topics__slug", "topics__name_de", "topics__name_en")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by("-minutes")
    )
    stage_labels = dict(Stage.choices)
    english = (get_language() or "de").startswith("en")
    return {
        "consultant": [
            (
                f"{row['consultants__first_name']} {row['consultants__last_name']}".strip(),
                row["minutes"] / 60,
            )
            for row in per_consultant
            if row["minutes"]
        ],
        "stage": [(str(stage_labels[row["stage"]]), row["minutes"] / 60) for row in per_stage],
        "topic": [
            (row["topics__name_en"] if english else row["topics__name_de"], row["minutes"] / 60)
            for row in per_topic
            if row["topics__slug"]
        ],
    }


@dataclass(frozen=True)
class SharedOutcome:
    """What the company sees of a session of its own: when, how, and what the consultant shared
    with it (the outcomes if marked shared, the follow-ups agreed with it). The summary and the
    partner's internal follow-ups stay internal."""

    session: AdvisorySession
    outcomes: str
    follow_ups: list[FollowUp]


def shared_outcome(*, viewer: User, request: ConsultationRequest) -> SharedOutcome | None:
    """For the company's own users: the shared part of the session that completed `request`."""
    if not is_member_of_company(viewer, request.company):
        return None
    session = (
        AdvisorySession.objects.visible_to(viewer)
        .filter(request=request, company_id=request.company_id)
        .select_related("partner")
        .first()
    )
    if session is None:
        return None
    # Follow-ups are the partner's rows; the company sees only those agreed with it.
    with unscoped("the company reads the follow-ups its consultant agreed with it"):
        follow_ups = list(
            FollowUp.objects.filter(session_id=session.pk, shared=True).order_by("due_date", "pk")
        )
    return SharedOutcome(
        session=session,
        outcomes=session.outcomes if session.outcomes_shared else "",
        follow_ups=follow_ups,
    )


def waiting_for(*, viewer: User, partner: PartnerInstitution) -> int:
    """What needs the staff member now (their dashboard's count): requests of the partner that
    wait for them to accept (their own, or for an admin any without a consultant), and their
    overdue follow-ups."""
    from portal.permissions import is_partner_admin_of

    mine = Q(consultant=viewer)
    if is_partner_admin_of(viewer, partner):
        mine |= Q(consultant__isnull=True)
    waiting = (
        ConsultationRequest.objects.visible_to(viewer)
        .filter(mine, partner=partner, status=RequestStatus.SUBMITTED)
        .count()
    )
    overdue = (
        FollowUp.objects.visible_to(viewer)
        .filter(
            owner=viewer,
            done_at__isnull=True,
            session__partner=partner,
            due_date__lt=timezone.localdate(),
        )
        .count()
    )
    return waiting + overdue
