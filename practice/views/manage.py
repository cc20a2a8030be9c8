"""The partner's editorial desk: candidates, drafts, review, sending to the company, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import active_partner_or_404
from portal.errors import BusinessRuleError, PermissionRefused
from portal.http import SignedInRequest
from practice import permissions, selectors, services
from practice.forms import CaseForm, ReturnForm, SendForApprovalForm
from practice.models import CaseStatus


@login_required
def manage_list(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    return render(
        request,
        "practice/manage_list.html",
        {
            "partner": partner,
            "by_status": selectors.partner_cases(viewer=request.user, partner=partner),
            "statuses": CaseStatus,
            "candidates": selectors.case_candidates(viewer=request.user, partner=partner),
        },
    )


@login_required
def manage_create(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    session = None
    initial = {}
    if request.GET.get("session") or request.POST.get("session"):
        session = selectors.candidate_session(
            viewer=request.user,
            partner=partner,
            pk=request.GET.get("session") or request.POST.get("session"),
        )
        initial = services.draft_from_session(session)
    form = CaseForm(
        request.POST or None,
        request.FILES or None,
        viewer=request.user,
        partner=partner,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.create_case(
                actor=request.user, partner=partner, data=form.case_data(), session=session
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(case.get_manage_url())
    return render(request, "practice/case_form.html", {"form": form, "session": session})


@login_required
def manage_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = active_partner_or_404(request)
    case = selectors.managed_case(viewer=request.user, partner=partner, pk=pk)
    moves = services.CASE_LIFECYCLE.allowed_moves(case)
    is_admin = permissions.can_review_case(request.user, case)
    if not is_admin:  # consultants write drafts and submit them; the rest is the admins'
        moves &= {"submit"}
    return render(
        request,
        "practice/manage_detail.html",
        {
            "case": case,
            "moves": moves,
            "is_admin": is_admin,
            "approvals": selectors.approvals_of(case),
            "current_approval": services.current_approval(case),
            "publish_refusal": services.CASE_LIFECYCLE.refusal(case, "publish")
            if case.status == CaseStatus.APPROVED
            else None,
            "return_form": ReturnForm(),
            "send_form": SendForApprovalForm(),
            "editable": case.status in services.cases.EDITABLE
            and (is_admin or case.status == CaseStatus.DRAFT),
        },
    )


@login_required
def manage_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = active_partner_or_404(request)
    case = selectors.managed_case(viewer=request.user, partner=partner, pk=pk)
    form = CaseForm(
        request.POST or None,
        request.FILES or None,
        instance=case,
        viewer=request.user,
        partner=partner,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(actor=request.user, case=case, data=form.case_data())
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The case was saved."))
            return redirect(case.get_manage_url())
    return render(request, "practice/case_form.html", {"form": form, "case": case})


@login_required
@require_POST
def manage_move(request: SignedInRequest, pk: int, move: str) -> HttpResponse:
    partner = active_partner_or_404(request)
    case = selectors.managed_case(viewer=request.user, partner=partner, pk=pk)
    user = request.user
    try:
        if move == "submit":
            services.submit_case(actor=user, case=case)
        elif move == "return":
            form = ReturnForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.return_case(actor=user, case=case, note=note)
        elif move == "send":
            send = SendForApprovalForm(request.POST)
            if not send.is_valid():
                raise BusinessRuleError(
                    _("Please name the contact of the company and their e-mail.")
                )
            services.send_for_approval(actor=user, case=case, **send.cleaned_data)
        elif move == "publish":
            services.publish_case(actor=user, case=case)
        elif move == "withdraw":
            services.withdraw_case(actor=user, case=case)
        elif move == "reopen":
            services.reopen_case(actor=user, case=case)
        else:
            raise Http404
    except PermissionRefused:
        raise PermissionDenied from None
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Done: the case is now “%(status)s”.")
            % {
                "status": selectors.managed_case(
                    viewer=user, partner=partner, pk=pk
                ).get_status_display()
            },
        )
    return redirect(case.get_manage_url())
