"""Reads of advisory sessions and follow-ups, and the dashboard figures."""

from __future__ import annotations

from django.db.models import (
    Sum,
)
from django.utils import timezone
from django.utils.translation import get_language

from consulting.models import (
    OPEN_REQUEST_STATES,
    AdvisorySession,
    ConsultationRequest,
    FollowUp,
    Stage,
)
from portal.access import get_visible_or_404
from portal.models import PartnerInstitution, User


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
