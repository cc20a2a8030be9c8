"""The trial services: requests, approvals with reservations, outcomes, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consulting.models import AdvisorySession, CompanyShare, MeetingFormat, Stage
from labs import services
from labs.errors import GuideBusy, WindowRefused, WindowTaken
from labs.models import Trial, TrialStatus
from portal.errors import BusinessRuleError, PermissionRefused, TransitionRefused
from portal.models import AuditEntry
from portal.tenancy import unscoped
from tests.labs.factories import LabFactory, TrialFactory, at, weekday_after


def ask(world, lab=None, day=None, start=9, hours=3, sme=None, **extra):
    day = day or weekday_after(7)
    return services.request_trial(
        actor=sme or world.sme_a,
        lab=lab or world.lab_a,
        purpose="interface",
        description="Our OPC UA gateway talking to the cobot.",
        starts_at=at(day, start),
        ends_at=at(day, start + hours),
        people=2,
        **extra,
    )


def reload(trial):
    with unscoped("test: read back"):
        return Trial.objects.get(pk=trial.pk)


def count_trials():
    with unscoped("test: count"):
        return Trial.objects.count()


def test_request_is_saved_and_mailed_to_the_labs_guides(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trial = ask(world)
    assert trial.status == TrialStatus.REQUESTED
    assert trial.company == world.company_a
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.guide_a.email, world.guide_a2.email]
    )
    assert "Robotik-Demonstrator" in mail.outbox[0].subject


def test_request_in_another_partners_lab_shares_the_company_with_it(world):
    ask(world, lab=world.lab_b)
    with unscoped("test"):
        share = CompanyShare.objects.get(company=world.company_a, partner=world.partner_b)
    assert "Lab trial" in share.reason


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("past", "must lie in the future"),
        ("short_notice", "days' notice"),
        ("weekend", "not open at this time"),
        ("evening", "not open at this time"),
        ("too_long", "at most 8 hours"),
        ("reversed", "end must be after the start"),
        ("blackout", "blackout"),
    ],
)
def test_bad_windows_are_refused_with_a_clear_message_and_nothing_is_saved(world, case, message):
    day = weekday_after(7)
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    windows = {
        "past": (at(timezone.localdate() - timedelta(days=3), 9), None),
        "short_notice": (timezone.now() + timedelta(hours=2), None),
        "weekend": (at(saturday, 9), at(saturday, 12)),
        "evening": (at(day, 15), at(day, 18)),
        "too_long": (at(day, 8), at(day, 17)),
        "reversed": (at(day, 12), at(day, 9)),
        "blackout": (at(day, 9), at(day, 12)),
    }
    if case == "blackout":
        services.add_blackout(
            actor=world.admin_a, lab=world.lab_a, starts_at=at(day, 0), ends_at=at(day, 23)
        )
    if case == "too_long":
        with unscoped("test"):
            world.lab_a.opening_hours = {str(d): ["07:00", "18:00"] for d in range(5)}
            world.lab_a.save()
    starts, ends = windows[case]
    ends = ends or starts + timedelta(hours=2)
    with pytest.raises(WindowRefused, match=message):
        services.request_trial(
            actor=world.sme_a,
            lab=world.lab_a,
            purpose="own_development",
            description="x",
            starts_at=starts,
            ends_at=ends,
        )
    assert count_trials() == 0


def test_unpublished_labs_take_no_requests(world):
    with pytest.raises(BusinessRuleError):
        ask(world, lab=world.hidden_lab)
    assert count_trials() == 0


def test_staff_cannot_request_a_trial(world):
    with pytest.raises(PermissionRefused):
        ask(world, sme=world.guide_a)


def test_approval_assigns_the_guide_and_mails_the_sme_the_calendar_file(
    world, django_capture_on_commit_callbacks
):
    trial = ask(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a2)
    trial = reload(trial)
    assert trial.status == TrialStatus.APPROVED
    assert trial.guide == world.guide_a2
    to_sme = next(m for m in mail.outbox if m.to == [world.sme_a.email])
    body = to_sme.body
    assert "Gustav-Kirchhoff-Platz 2" in body
    assert "Halle 1" in body
    assert world.guide_a2.get_full_name() in body
    _name, ics, mimetype = to_sme.attachments[0]
    assert mimetype == "text/calendar"
    assert "LOCATION:Gustav-Kirchhoff-Platz 2\\, 98693 Ilmenau\\, Halle 1" in ics
    assert "SEQUENCE:1" in ics
    assert any(m.to == [world.guide_a2.email] for m in mail.outbox)


def test_an_approval_blocks_the_window_for_a_capacity_one_lab(world):
    first, second = ask(world, start=9), ask(world, start=10, sme=world.sme_b)
    services.approve_trial(actor=world.guide_a, trial=first, guide=world.guide_a)
    with pytest.raises(WindowTaken):
        services.approve_trial(actor=world.guide_a, trial=second, guide=world.guide_a2)
    assert reload(second).status == TrialStatus.REQUESTED


def test_a_capacity_two_lab_takes_two_overlapping_trials_but_not_three(world):
    with unscoped("test"):
        world.lab_a.capacity = 2
        world.lab_a.save()
    trials = [ask(world, start=9 + n) for n in range(3)]
    services.approve_trial(actor=world.admin_a, trial=trials[0], guide=world.guide_a)
    services.approve_trial(actor=world.admin_a, trial=trials[1], guide=world.guide_a2)
    with pytest.raises(WindowTaken):
        services.approve_trial(actor=world.admin_a, trial=trials[2], guide=world.guide_a2)


def test_a_guide_cannot_be_approved_into_two_overlapping_trials(world):
    second_lab = LabFactory(partner=world.partner_a, guides=[world.guide_a])
    one, two = ask(world), ask(world, lab=second_lab)
    services.approve_trial(actor=world.guide_a, trial=one, guide=world.guide_a)
    with pytest.raises(GuideBusy):
        services.approve_trial(actor=world.guide_a, trial=two, guide=world.guide_a)
    assert reload(two).status == TrialStatus.REQUESTED


def test_only_qualified_guides_and_partner_admins_decide(world):
    trial = ask(world)
    for outsider in (world.consultant_a, world.guide_b, world.sme_a):
        with pytest.raises(PermissionRefused):
            services.approve_trial(actor=outsider, trial=trial, guide=world.guide_a)
    with pytest.raises(BusinessRuleError, match="qualified"):
        services.approve_trial(actor=world.admin_a, trial=trial, guide=world.consultant_a)
    assert reload(trial).status == TrialStatus.REQUESTED


def test_decline_needs_a_reason_and_tells_the_sme(world, django_capture_on_commit_callbacks):
    trial = ask(world)
    with pytest.raises(BusinessRuleError, match="reason"):
        services.decline_trial(actor=world.guide_a, trial=trial, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_trial(actor=world.guide_a, trial=trial, reason="The cell is rebuilt.")
    assert reload(trial).decline_reason == "The cell is rebuilt."
    assert mail.outbox[0].to == [world.sme_a.email]
    assert "The cell is rebuilt." in mail.outbox[0].body


def test_a_proposed_time_is_reserved_when_the_sme_accepts(world):
    trial = ask(world)
    day = weekday_after(9)
    services.propose_time(
        actor=world.guide_a,
        trial=trial,
        starts_at=at(day, 13),
        ends_at=at(day, 15),
        guide=world.guide_a2,
    )
    assert reload(trial).status == TrialStatus.PROPOSED
    with pytest.raises(PermissionRefused):
        services.accept_proposal(actor=world.sme_b, trial=trial)
    services.accept_proposal(actor=world.sme_a, trial=reload(trial))
    trial = reload(trial)
    assert (trial.status, trial.guide, trial.starts_at) == (
        TrialStatus.APPROVED,
        world.guide_a2,
        at(day, 13),
    )


def test_cancelling_an_approved_trial_frees_the_window(world, django_capture_on_commit_callbacks):
    first, second = ask(world), ask(world, sme=world.sme_b)
    services.approve_trial(actor=world.guide_a, trial=first, guide=world.guide_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_trial(actor=world.sme_a, trial=first, reason="Prototype not ready")
    assert reload(first).status == TrialStatus.CANCELLED
    cancel_mail = next(m for m in mail.outbox if m.to == [world.guide_a.email])
    assert "STATUS:CANCELLED" in cancel_mail.attachments[0][1]
    services.approve_trial(actor=world.guide_a, trial=second, guide=world.guide_a)
    with pytest.raises(PermissionRefused):
        services.cancel_trial(actor=world.sme_a, trial=second)


def started_trial(world, **extra):
    day = timezone.localdate() - timedelta(days=1)
    return TrialFactory(
        lab=world.lab_a,
        company=world.company_a,
        requested_by=world.sme_a,
        starts_at=at(day, 9),
        ends_at=at(day, 12),
        status=TrialStatus.APPROVED,
        guide=world.guide_a,
        **extra,
    )


def test_the_outcome_lands_on_the_company_record_as_a_lab_trial_session(world):
    trial = started_trial(world)
    services.record_outcome(
        actor=world.guide_a,
        trial=trial,
        tested="Gripper with our own fingers",
        result="Cycle time 4.2 s, reliable",
        next_steps="Quote for a cell",
        may_cite=True,
    )
    trial = reload(trial)
    assert trial.status == TrialStatus.DONE
    with unscoped("test"):
        session = AdvisorySession.objects.get(pk=trial.session_id)
        consultants = list(session.consultants.all())
        topics = list(session.topics.all())
    assert session.format == MeetingFormat.LAB_TRIAL
    assert session.stage == Stage.LAB_TEST
    assert session.duration_minutes == 180
    assert session.good_practice_consent is True
    assert session.partner == world.partner_a
    assert "Quote for a cell" in session.outcomes
    assert consultants == [world.guide_a]
    assert topics == [world.robots]


def test_the_outcome_waits_for_the_start_and_for_the_assigned_guide(world):
    trial = ask(world)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    with pytest.raises(TransitionRefused, match="not begun"):
        services.record_outcome(actor=world.guide_a, trial=reload(trial), tested="a", result="b")
    begun = started_trial(world)
    with pytest.raises(PermissionRefused):
        services.record_outcome(actor=world.guide_a2, trial=begun, tested="a", result="b")
    with unscoped("test"):
        assert AdvisorySession.objects.count() == 0


def test_reminders_go_once_however_often_the_job_runs(world, django_capture_on_commit_callbacks):
    trial = ask(world)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    mail.outbox.clear()
    the_day_before = reload(trial).starts_at - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=the_day_before) == 1
        assert services.send_due_reminders(now=the_day_before) == 0
        assert services.send_due_reminders(now=the_day_before + timedelta(hours=1)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.sme_a.email, world.guide_a.email])


def test_every_move_is_audited(world):
    trial = ask(world)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    with unscoped("test"):
        actions = list(
            AuditEntry.objects.filter(target_id=str(trial.pk)).values_list("action", flat=True)
        )
    assert "labs.trial.requested" in actions
    assert "labs.trial.approved" in actions


def test_a_blackout_over_an_approved_trial_is_refused(world):
    trial = ask(world)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    trial = reload(trial)
    with pytest.raises(BusinessRuleError, match="approved trial"):
        services.add_blackout(
            actor=world.admin_a,
            lab=world.lab_a,
            starts_at=trial.starts_at - timedelta(hours=1),
            ends_at=trial.ends_at,
        )
    with pytest.raises(PermissionRefused):
        services.add_blackout(
            actor=world.guide_a,
            lab=world.lab_a,
            starts_at=trial.starts_at + timedelta(days=30),
            ends_at=trial.ends_at + timedelta(days=30),
        )
