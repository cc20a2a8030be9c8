"""The trial life cycle: every move allowed or refused exactly as the table says (hypothesis).

The machine plays random sequences of the real services on fresh trials: requests ahead (all
moves before the start), and trials that have begun, requested or approved (the moves after it).
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from labs import services
from labs.lifecycle import TRIAL_LIFECYCLE
from labs.models import TrialStatus
from portal.tenancy import unscoped
from tests.labs.factories import TrialFactory, at, weekday_after
from tests.lifecycle import check_lifecycle


def test_trial_lifecycle_follows_its_table(world):
    made = count()
    first_day = weekday_after(7)

    def create():
        n = next(made)
        kind = n % 3
        if kind == 0:  # ahead: a week apart, so reservations of earlier examples never clash
            day = first_day + timedelta(weeks=n)
            return TrialFactory(
                lab=world.lab_a,
                company=world.company_a,
                requested_by=world.sme_a,
                starts_at=at(day, 9),
                ends_at=at(day, 12),
            )
        yesterday = timezone.localdate() - timedelta(days=1)
        return TrialFactory(
            lab=world.lab_a,
            company=world.company_a,
            requested_by=world.sme_a,
            starts_at=at(yesterday, 9),
            ends_at=at(yesterday, 12),
            status=TrialStatus.APPROVED if kind == 1 else TrialStatus.REQUESTED,
            guide=world.guide_a if kind == 1 else None,
        )

    def apply(trial, move):
        with unscoped("test: load the trial as a view would"):
            trial = type(trial).objects.select_related("lab__partner", "company").get(pk=trial.pk)
        if move == "approve":
            services.approve_trial(actor=world.admin_a, trial=trial, guide=world.guide_a)
        elif move == "propose":
            day = timezone.localdate(trial.starts_at)
            services.propose_time(
                actor=world.guide_a,
                trial=trial,
                starts_at=at(day, 13) if day > timezone.localdate() else at(first_day, 13),
                ends_at=at(day, 15) if day > timezone.localdate() else at(first_day, 15),
                guide=world.guide_a2,
            )
        elif move == "accept":
            services.accept_proposal(actor=world.sme_a, trial=trial)
        elif move == "decline":
            services.decline_trial(actor=world.guide_a, trial=trial, reason="Rebuilt")
        elif move == "cancel":
            services.cancel_trial(actor=world.sme_a, trial=trial)
        elif move == "record_outcome":
            services.record_outcome(actor=world.admin_a, trial=trial, tested="a", result="b")
        elif move == "no_show":
            services.mark_no_show(actor=world.admin_a, trial=trial)

    check_lifecycle(TRIAL_LIFECYCLE, create=create, apply=apply, max_examples=25)
