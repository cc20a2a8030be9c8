"""The life cycle of a lab trial: ONE table of allowed moves (design §4 "Life cycles").

    requested -> approved (guide assigned, window reserved) | declined (reason)
              | proposed (the partner proposes another time) | cancelled
    proposed  -> approved (the SME accepts; reserved as an approval) | declined | cancelled
    approved  -> done (outcome recorded, after the start) | no_show (after the start)
              | cancelled (before the start)

Every service in labs/services/trials.py moves a trial through `TRIAL_LIFECYCLE.transition`,
and the pages offer only `TRIAL_LIFECYCLE.allowed_moves(trial)`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from labs.models import TrialStatus
from portal.lifecycle import Lifecycle, Move

S = TrialStatus


def _not_started(trial: Any) -> Any:
    if trial.has_started:
        return _("The trial has already begun.")
    return None


def _cancel_guard(trial: Any) -> Any:
    """A reserved window can be given up until it begins; a request any time."""
    if trial.status == S.APPROVED and trial.has_started:
        return _("The trial has already begun.")
    return None


def _started(trial: Any) -> Any:
    if not trial.has_started:
        return _("The trial has not begun yet.")
    return None


TRIAL_LIFECYCLE = Lifecycle(
    states=TrialStatus,
    audit_prefix="labs.trial",
    moves={
        "approve": Move({S.REQUESTED: S.APPROVED}, label=_("Approve"), guard=_not_started),
        "propose": Move(
            {S.REQUESTED: S.PROPOSED}, label=_("Propose another time"), guard=_not_started
        ),
        "accept": Move(
            {S.PROPOSED: S.APPROVED},
            label=_("Accept the proposed time"),
            guard=_not_started,
            audit="accepted",
        ),
        "decline": Move({S.REQUESTED: S.DECLINED, S.PROPOSED: S.DECLINED}, label=_("Decline")),
        "cancel": Move(
            {S.REQUESTED: S.CANCELLED, S.PROPOSED: S.CANCELLED, S.APPROVED: S.CANCELLED},
            label=_("Cancel the trial"),
            guard=_cancel_guard,
        ),
        "record_outcome": Move({S.APPROVED: S.DONE}, label=_("Record the outcome"), guard=_started),
        "no_show": Move({S.APPROVED: S.NO_SHOW}, label=_("Nobody came"), guard=_started),
    },
)
