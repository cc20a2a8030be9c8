"""Trials: the SME's own and the partner's inbox, one trial's page, and each move on it.

Every move is a POST to its own URL; the page offers only the moves the life cycle allows now
(labs/lifecycle.py) and the actor's role permits, and the service checks both again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labs import permissions, selectors, services
from labs.forms import ApproveForm, CancelForm, DeclineForm, OutcomeForm, ProposeForm
from labs.lifecycle import TRIAL_LIFECYCLE
from labs.models import Trial, TrialStatus
from labs.services.notify import calendar_file
from portal.access import active_partner_or_404
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest


@login_required
def trial_list(request: SignedInRequest) -> HttpResponse:
    active = request.active_context
    if active.is_sme:
        trials = selectors.company_trials(viewer=request.user, company_id=active.company_id)
        return render(request, "labs/trial_list_sme.html", {"trials": trials})
    partner = active_partner_or_404(request)
    status = request.GET.get("status", "open")
    trials = selectors.partner_trials(viewer=request.user, partner=partner, status=status)
    return render(
        request,
        "labs/trial_inbox.html",
        {"trials": trials[:200], "status": status, "statuses": TrialStatus.choices},
    )


def _moves_for(user: Any, trial: Trial) -> set[str]:
    """The moves the table allows now, narrowed to what this user may do."""
    allowed = TRIAL_LIFECYCLE.allowed_moves(trial)
    mine = set()
    if permissions.can_decide_trial(user, trial):
        mine |= {"approve", "propose", "decline", "cancel"}
    if permissions.can_record_outcome(user, trial):
        mine |= {"record_outcome", "no_show"}
    if permissions.is_company_user(user, trial.company_id):
        mine |= {"accept", "cancel"}
    return allowed & mine


def _default_guide(user: Any, lab: Any) -> Any:
    """The acting user if they guide in this lab, else the lab's first guide."""
    guides = list(lab.guides.filter(is_active=True))
    return next((g for g in guides if g.pk == user.pk), guides[0] if guides else None)


def _forms(user: Any, trial: Trial, moves: set[str], **bound: Any) -> dict[str, Any]:
    lab = trial.lab
    forms: dict[str, Any] = {}
    if "approve" in moves:
        forms["approve_form"] = bound.get("approve_form") or ApproveForm(
            lab=lab, initial={"guide": trial.guide or _default_guide(user, lab)}
        )
    if "propose" in moves:
        forms["propose_form"] = bound.get("propose_form") or ProposeForm(
            lab=lab, initial={"guide": _default_guide(user, lab)}
        )
    if "decline" in moves:
        forms["decline_form"] = bound.get("decline_form") or DeclineForm()
    if "cancel" in moves:
        forms["cancel_form"] = bound.get("cancel_form") or CancelForm()
    if "record_outcome" in moves:
        forms["outcome_form"] = bound.get("outcome_form") or OutcomeForm(
            initial={"topics": list(lab.topics.all())}
        )
    return forms


def _page(request: SignedInRequest, trial: Trial, **bound: Any) -> HttpResponse:
    moves = _moves_for(request.user, trial)
    return render(
        request,
        "labs/trial_detail.html",
        {
            "trial": trial,
            "moves": moves,
            "is_staff_view": permissions.can_decide_trial(request.user, trial)
            or permissions.can_record_outcome(request.user, trial),
            **_forms(request.user, trial, moves, **bound),
        },
        status=400 if bound else 200,
    )


@login_required
def trial_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.trial_detail(viewer=request.user, pk=pk))


def _act(
    request: SignedInRequest,
    pk: int,
    form_name: str,
    make_form: Callable[[Trial], Any] | None,
    call: Callable[[Trial, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Parse the move's form, call its service; on a refusal show the page with the message."""
    trial = selectors.trial_detail(viewer=request.user, pk=pk)
    form = make_form(trial) if make_form else None
    if form is not None and not form.is_valid():
        return _page(request, trial, **{form_name: form})
    try:
        call(trial, form.cleaned_data if form is not None else {})
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(trial.get_absolute_url())


@login_required
@require_POST
def trial_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "approve_form",
        lambda t: ApproveForm(request.POST, lab=t.lab),
        lambda t, d: services.approve_trial(actor=request.user, trial=t, guide=d["guide"]),
        _("The trial is approved; the company has its confirmation."),
    )


@login_required
@require_POST
def trial_propose(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "propose_form",
        lambda t: ProposeForm(request.POST, lab=t.lab),
        lambda t, d: services.propose_time(
            actor=request.user,
            trial=t,
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            guide=d["guide"],
        ),
        _("The other time was proposed to the company."),
    )


@login_required
@require_POST
def trial_accept(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "",
        None,
        lambda t, d: services.accept_proposal(actor=request.user, trial=t),
        _("You accepted the proposed time; the trial is confirmed."),
    )


@login_required
@require_POST
def trial_decline(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "decline_form",
        lambda t: DeclineForm(request.POST),
        lambda t, d: services.decline_trial(actor=request.user, trial=t, reason=d["reason"]),
        _("The request was declined."),
    )


@login_required
@require_POST
def trial_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "cancel_form",
        lambda t: CancelForm(request.POST),
        lambda t, d: services.cancel_trial(actor=request.user, trial=t, reason=d["reason"]),
        _("The trial was cancelled."),
    )


@login_required
@require_POST
def trial_outcome(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "outcome_form",
        lambda t: OutcomeForm(request.POST),
        lambda t, d: services.record_outcome(
            actor=request.user,
            trial=t,
            tested=d["tested"],
            result=d["result"],
            next_steps=d["next_steps"],
            may_cite=d["may_cite"],
            topics=d["topics"],
        ),
        _("The outcome is recorded on the company's timeline."),
    )


@login_required
@require_POST
def trial_no_show(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "",
        None,
        lambda t, d: services.mark_no_show(actor=request.user, trial=t),
        _("The trial is marked as a no-show."),
    )


@login_required
def trial_ics(request: SignedInRequest, pk: int) -> HttpResponse:
    trial = selectors.trial_detail(viewer=request.user, pk=pk)
    if trial.status not in (TrialStatus.APPROVED, TrialStatus.CANCELLED, TrialStatus.DONE):
        return redirect(trial.get_absolute_url())
    body = calendar_file(trial, cancelled=trial.status == TrialStatus.CANCELLED)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lab-trial-{trial.pk}.ics"'
    return response
