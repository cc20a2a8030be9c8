"""Races on PostgreSQL: concurrent approvals of overlapping trials leave exactly one (threads).

Each thread has its own connection; all start behind a barrier. The lab row lock (then the
guide's) makes the approvals queue, and each one counts after the one before it committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection

from labs import services
from labs.errors import GuideBusy, WindowTaken
from labs.models import Trial, TrialStatus
from portal.tenancy import unscoped
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    MembershipFactory,
    PartnerFactory,
)
from tests.labs.factories import LabFactory, TrialFactory, at, weekday_after

RUNS = 5
APPROVERS = 10


def run_in_threads(jobs: list[Callable[[], object]]) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def worker(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:  # collected and asserted by the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def approved(trials: list[Trial]) -> int:
    with unscoped("test assertions"):
        return Trial.objects.filter(
            pk__in=[t.pk for t in trials], status=TrialStatus.APPROVED
        ).count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(RUNS))
def test_ten_concurrent_approvals_of_overlapping_trials_leave_exactly_one(postgres, run):
    partner = PartnerFactory()
    guides = [MembershipFactory(partner=partner).user for _ in range(APPROVERS)]
    lab = LabFactory(partner=partner, guides=guides)
    day = weekday_after(7 + run)
    trials = []
    for n in range(APPROVERS):
        company = CompanyFactory(lead_partner=lab.partner)
        CompanyMemberFactory(company=company)
        # overlapping windows 9:00-12:00, 9:15-12:15 ... 11:15-14:15: all share 11:15-12:00
        start = at(day, 9) + timedelta(minutes=15 * n)
        trials.append(
            TrialFactory(
                lab=lab, company=company, starts_at=start, ends_at=start + timedelta(hours=3)
            )
        )

    def approve(trial: Trial, guide):  # each approver assigns a different guide
        def job() -> None:
            with unscoped("test: a thread loads its trial"):
                fresh = Trial.objects.select_related("lab__partner", "company").get(pk=trial.pk)
            services.approve_trial(actor=guide, trial=fresh, guide=guide)

        return job

    failures = run_in_threads([approve(t, g) for t, g in zip(trials, guides, strict=True)])
    assert all(isinstance(f, WindowTaken) for f in failures), failures
    assert approved(trials) == 1
    assert len(failures) == APPROVERS - 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_cannot_double_book_one_guide(postgres):
    partner = PartnerFactory()
    guide = MembershipFactory(partner=partner).user
    labs = [LabFactory(partner=partner, guides=[guide]) for _ in range(APPROVERS)]
    day = weekday_after(8)
    trials = [
        TrialFactory(
            lab=lab,
            company=CompanyFactory(lead_partner=partner),
            starts_at=at(day, 10),
            ends_at=at(day, 13),
        )
        for lab in labs
    ]

    def approve(trial: Trial):
        def job() -> None:
            with unscoped("test: a thread loads its trial"):
                fresh = Trial.objects.select_related("lab__partner", "company").get(pk=trial.pk)
            services.approve_trial(actor=guide, trial=fresh, guide=guide)

        return job

    failures = run_in_threads([approve(t) for t in trials])
    assert approved(trials) == 1
    assert all(isinstance(f, GuideBusy) for f in failures), failures


@pytest.mark.django_db(transaction=True)
def test_concurrent_reminder_runs_send_each_reminder_once(postgres):
    from django.core import mail
    from django.utils import timezone

    partner = PartnerFactory()
    guide = MembershipFactory(partner=partner).user
    lab = LabFactory(partner=partner, guides=[guide], capacity=3)
    start = timezone.now() + timedelta(hours=20)
    members = []
    for _ in range(3):
        company = CompanyFactory(lead_partner=partner)
        members.append(CompanyMemberFactory(company=company).user)
        TrialFactory(
            lab=lab,
            company=company,
            requested_by=members[-1],
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            status=TrialStatus.APPROVED,
            guide=guide,
        )
    mail.outbox.clear()
    failures = run_in_threads([services.send_due_reminders for _ in range(4)])
    assert failures == []
    reminded = sorted(m.to[0] for m in mail.outbox if "Tomorrow" in m.subject)
    assert reminded == sorted([*(u.email for u in members), *[guide.email] * 3])
