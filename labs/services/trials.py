"""Lab trials: request, approve (a firm reservation), propose, accept, decline, cancel, outcome.

Every move goes through labs/lifecycle.py. Each service is keyword-only, runs in one
transaction, writes its audit entry there (the table's `transition`) and queues its mails for
after the commit.

The reservation (approve, accept) locks the lab row first and then the guide's user row, always
in that order, and only then counts the approved trials that overlap the window: a concurrent
approval for the same lab (or the same guide) waits for the lock and then sees the committed
winner. On SQLite the transaction itself takes the write lock (IMMEDIATE), with the same effect.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labs import errors, permissions
from labs.lifecycle import TRIAL_LIFECYCLE
from labs.models import Lab, Trial, TrialPurpose, TrialStatus, overlapping
from labs.selectors import busy_times, earliest_start
from labs.services import notify
from labs.windows import overlaps_any, within_opening
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import Topic, User
from portal.tenancy import company_scope, partner_scope, unscoped


def check_window(lab: Lab, starts_at: datetime, ends_at: datetime, *, now: datetime) -> None:
    """Raise WindowRefused with a clear message unless the window fits the lab's rules."""
    if ends_at <= starts_at:
        raise errors.WindowRefused(_("The end must be after the start."))
    if starts_at <= now:
        raise errors.WindowRefused(_("The trial must lie in the future."))
    if starts_at < earliest_start(lab, now):
        raise errors.WindowRefused(
            _("This lab needs %(days)s days' notice; please choose a later day.")
            % {"days": lab.notice_days}
        )
    if (ends_at - starts_at).total_seconds() > lab.max_trial_hours * 3600:
        raise errors.WindowRefused(
            _("A trial in this lab lasts at most %(hours)s hours.") % {"hours": lab.max_trial_hours}
        )
    if not within_opening(lab.hours, starts_at, ends_at):
        raise errors.WindowRefused(_("The lab is not open at this time; see its opening hours."))
    busy = busy_times([lab.pk], starts_at, ends_at)[lab.pk]
    if overlaps_any(starts_at, ends_at, busy.blackouts):
        raise errors.WindowRefused(_("The lab is closed during this time (blackout)."))


def _lock_lab(lab_id: int) -> Lab:
    """The first lock of every reservation (then the trial, then the guide)."""
    with unscoped("the reservation locks the lab row, whoever reserves"):
        return Lab.objects.select_for_update().get(pk=lab_id)


def _reserve(lab: Lab, trial: Trial, guide: User) -> None:
    """With the lab locked: lock the guide, then count. Call inside the approving transaction."""
    User.objects.select_for_update().filter(pk=guide.pk).first()
    if not permissions.is_guide_of(guide, lab):
        raise BusinessRuleError(_("The guide must be qualified for this lab."))
    window = overlapping(trial.starts_at, trial.ends_at)
    with unscoped("the reservation counts every approved trial of the lab and the guide"):
        busy = busy_times([lab.pk], trial.starts_at, trial.ends_at)[lab.pk]
        if overlaps_any(trial.starts_at, trial.ends_at, busy.blackouts):
            raise errors.WindowRefused(_("The lab is closed during this time (blackout)."))
        taken = (
            Trial.objects.filter(window, lab_id=lab.pk, status=TrialStatus.APPROVED)
            .exclude(pk=trial.pk)
            .count()
        )
        if taken >= lab.capacity:
            raise errors.WindowTaken()
        if (
            Trial.objects.filter(window, guide_id=guide.pk, status=TrialStatus.APPROVED)
            .exclude(pk=trial.pk)
            .exists()
        ):
            raise errors.GuideBusy()


def request_trial(
    *,
    actor: User,
    lab: Lab,
    purpose: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    people: int = 1,
    brings: str = "",
    other_times: str = "",
    confidential: bool = False,
) -> Trial:
    """An SME user asks for a trial in a published lab; it blocks nothing until approved.

    The lab's partner may see the company from now on (a share, as for a consultation request).
    """
    from consulting.selectors import company_id_for_user
    from consulting.services.booking import give_partner_access

    company_id = company_id_for_user(actor)
    if company_id is None or not actor.is_active:
        raise PermissionRefused()
    if not lab.is_published:
        raise BusinessRuleError(_("This lab does not take requests."))
    if purpose not in TrialPurpose.values:
        raise BusinessRuleError(_("Please say what you want to test."))
    if not description.strip():
        raise BusinessRuleError(_("Please describe what you want to test."))
    check_window(lab, starts_at, ends_at, now=timezone.now())
    with company_scope(company_id), transaction.atomic():
        from consulting.models import Company

        company = Company.objects.get(pk=company_id)
        trial = Trial(
            lab=lab,
            company=company,
            requested_by=actor,
            purpose=purpose,
            description=description.strip(),
            brings=brings.strip(),
            people=people,
            starts_at=starts_at,
            ends_at=ends_at,
            other_times=other_times.strip(),
            confidential=confidential,
        )
        _full_clean(trial)
        trial.save()
        give_partner_access(
            company=company,
            partner_id=lab.partner_id,
            request_id=None,
            actor=actor,
            reason=_("Lab trial #%(id)s") % {"id": trial.pk},
        )
        audit.record(
            actor=actor,
            action="labs.trial.requested",
            target=trial,
            data={"lab_id": lab.pk, "starts_at": starts_at.isoformat()},
        )
        notify.send(trial, "requested", notify.staff_recipients(trial))
    return trial


def _loaded(trial: Trial) -> Trial:
    """The trial with its lab at hand: the lab's partner decides who may act on it."""
    if Trial.lab.is_cached(trial):
        return trial
    with unscoped("the trial the caller holds: its lab's partner decides who may act"):
        return Trial.objects.select_related("lab__partner", "company").get(pk=trial.pk)


def _full_clean(trial: Trial) -> None:
    from django.core.exceptions import ValidationError

    try:
        trial.full_clean()
    except ValidationError as error:
        raise BusinessRuleError(" ".join(error.messages)) from error


def _locked(trial: Trial) -> Trial:
    return (
        Trial.objects.select_related("lab__partner", "company")
        .select_for_update(of=("self",))
        .get(pk=trial.pk)
    )


def approve_trial(*, actor: User, trial: Trial, guide: User) -> Trial:
    """A guide (or partner admin) approves: the guide is assigned and the window reserved.

    Never more approved overlapping trials than the lab's capacity, and never two for one guide.
    """
    trial = _loaded(trial)
    if not permissions.can_decide_trial(actor, trial):
        raise PermissionRefused()
    with partner_scope(trial.lab.partner_id), transaction.atomic():
        lab = _lock_lab(trial.lab_id)
        locked = _locked(trial)
        TRIAL_LIFECYCLE.check(locked, "approve")
        _reserve(lab, locked, guide)
        TRIAL_LIFECYCLE.transition(
            locked,
            "approve",
            actor=actor,
            changes={
                "guide": guide,
                "decided_at": timezone.now(),
                "calendar_sequence": locked.calendar_sequence + 1,
            },
            data={"guide_id": guide.pk},
        )
        _mail_approved(locked, actor)
    return locked


def _mail_approved(trial: Trial, actor: User) -> None:
    notify.send(trial, "approved", notify.sme_recipients(trial), with_calendar=True)
    if trial.guide is not None and trial.guide != actor:
        notify.send(trial, "assigned", [trial.guide], with_calendar=True)


def propose_time(
    *, actor: User, trial: Trial, starts_at: datetime, ends_at: datetime, guide: User
) -> Trial:
    """The partner proposes another window (with the guide it would have); nothing is reserved
    until the SME accepts."""
    trial = _loaded(trial)
    if not permissions.can_decide_trial(actor, trial):
        raise PermissionRefused()
    if not permissions.is_guide_of(guide, trial.lab):
        raise BusinessRuleError(_("The guide must be qualified for this lab."))
    check_window(trial.lab, starts_at, ends_at, now=timezone.now())
    with partner_scope(trial.lab.partner_id), transaction.atomic():
        locked = _locked(trial)
        before = (locked.starts_at.isoformat(), locked.ends_at.isoformat())
        TRIAL_LIFECYCLE.transition(
            locked,
            "propose",
            actor=actor,
            changes={"starts_at": starts_at, "ends_at": ends_at, "guide": guide},
            data={"asked_for": before},
        )
        notify.send(locked, "proposed", notify.sme_recipients(locked))
    return locked


def accept_proposal(*, actor: User, trial: Trial) -> Trial:
    """The SME accepts the proposed window: reserved as an approval (same locks, same rules)."""
    trial = _loaded(trial)
    if not permissions.is_company_user(actor, trial.company_id):
        raise PermissionRefused()
    with company_scope(trial.company_id), transaction.atomic():
        lab = _lock_lab(trial.lab_id)
        locked = _locked(trial)
        TRIAL_LIFECYCLE.check(locked, "accept")
        if locked.guide is None:
            raise BusinessRuleError(_("The proposal names no guide."))
        _reserve(lab, locked, locked.guide)
        TRIAL_LIFECYCLE.transition(
            locked,
            "accept",
            actor=actor,
            changes={
                "decided_at": timezone.now(),
                "calendar_sequence": locked.calendar_sequence + 1,
            },
        )
        _mail_approved(locked, actor)
    return locked


def decline_trial(*, actor: User, trial: Trial, reason: str) -> Trial:
    trial = _loaded(trial)
    if not permissions.can_decide_trial(actor, trial):
        raise PermissionRefused()
    if not reason.strip():
        raise BusinessRuleError(_("Please give the company a reason."))
    with partner_scope(trial.lab.partner_id), transaction.atomic():
        locked = _locked(trial)
        TRIAL_LIFECYCLE.transition(
            locked,
            "decline",
            actor=actor,
            changes={"decline_reason": reason.strip(), "decided_at": timezone.now()},
        )
        notify.send(locked, "declined", notify.sme_recipients(locked))
    return locked


def cancel_trial(*, actor: User, trial: Trial, reason: str = "") -> Trial:
    """The company or the partner calls the trial off (an approved one before it begins); the
    reserved window is free again, and calendars get the cancellation."""
    trial = _loaded(trial)
    if not permissions.can_cancel_trial(actor, trial):
        raise PermissionRefused()
    by_company = permissions.is_company_user(actor, trial.company_id)
    scope = company_scope(trial.company_id) if by_company else partner_scope(trial.lab.partner_id)
    with scope, transaction.atomic():
        locked = _locked(trial)
        was_approved = locked.status == TrialStatus.APPROVED
        changes: dict = {"decline_reason": reason.strip()[:500]}
        if was_approved:
            changes["calendar_sequence"] = locked.calendar_sequence + 1
        TRIAL_LIFECYCLE.transition(locked, "cancel", actor=actor, changes=changes)
        others = notify.staff_recipients(locked) if by_company else notify.sme_recipients(locked)
        if was_approved and locked.guide is not None and locked.guide not in others:
            others.append(locked.guide)
        notify.send(
            locked,
            "cancelled",
            [person for person in others if person != actor],
            with_calendar=was_approved,
            cancelled=True,
            extra={"by_company": by_company},
        )
    return locked


def mark_no_show(*, actor: User, trial: Trial) -> Trial:
    trial = _loaded(trial)
    if not permissions.can_record_outcome(actor, trial):
        raise PermissionRefused()
    with partner_scope(trial.lab.partner_id), transaction.atomic():
        locked = _locked(trial)
        TRIAL_LIFECYCLE.transition(locked, "no_show", actor=actor)
    return locked


def record_outcome(
    *,
    actor: User,
    trial: Trial,
    tested: str,
    result: str,
    next_steps: str = "",
    may_cite: bool = False,
    topics: Iterable[Topic] | None = None,
) -> Trial:
    """The guide records what was tested, the result and next steps after the trial began.

    It lands on the company's record as an advisory session of format "lab trial", stage "lab
    test", for the trial's length (consulting's `log_session`, in this same transaction).
    """
    from consulting.models import MeetingFormat, Stage
    from consulting.services import log_session

    trial = _loaded(trial)
    if not permissions.can_record_outcome(actor, trial):
        raise PermissionRefused()
    if not tested.strip() or not result.strip():
        raise BusinessRuleError(_("Please say what was tested and what came out of it."))
    partner = trial.lab.partner
    with partner_scope(partner), transaction.atomic():
        locked = _locked(trial)
        TRIAL_LIFECYCLE.check(locked, "record_outcome")
        chosen = list(topics) if topics is not None else list(locked.lab.topics.all())
        outcomes = result.strip()
        if next_steps.strip():
            outcomes = f"{outcomes}\n\n{_('Next steps')}: {next_steps.strip()}"
        session = log_session(
            actor=actor,
            partner=partner,
            company=locked.company,
            date=timezone.localdate(locked.starts_at),
            duration_minutes=min(locked.duration_minutes, 24 * 60),
            format=MeetingFormat.LAB_TRIAL,
            stage=Stage.LAB_TEST,
            topics=chosen,
            summary=_("Lab trial #%(id)s in %(lab)s: %(tested)s")
            % {"id": locked.pk, "lab": locked.lab.name, "tested": tested.strip()},
            outcomes=outcomes,
            consultants=[locked.guide] if locked.guide else [],
            good_practice_consent=may_cite,
        )
        TRIAL_LIFECYCLE.transition(
            locked,
            "record_outcome",
            actor=actor,
            changes={
                "tested": tested.strip(),
                "result": result.strip(),
                "next_steps": next_steps.strip(),
                "may_cite": may_cite,
                "session": session,
            },
            data={"session_id": session.pk},
        )
    return locked
