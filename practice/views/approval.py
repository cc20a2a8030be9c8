"""The company's side: approve the exact text (signed link or account), withdraw permission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import BusinessRuleError
from portal.http import PortalRequest, SignedInRequest
from portal.tenancy import unscoped
from practice import selectors, services
from practice.forms import ApprovalForm, WithdrawPermissionForm
from practice.models import Case, CaseStatus


def _decide(
    request: PortalRequest, case: Case, form: ApprovalForm, *, email: str, via_account: bool
) -> bool:
    """Apply the company's answer from a valid form; True when it was saved."""
    approve = "approve" in request.POST
    data = form.cleaned_data
    if not approve and not data["comment"].strip():
        form.add_error("comment", _("Please tell us what should change."))
        return False
    try:
        services.decide_approval(
            case=case,
            approve=approve,
            text_hash=data["text_hash"],
            approver_name=data["approver_name"],
            approver_email=email,
            approver=request.user if via_account else None,  # type: ignore[arg-type]
            may_name_company=data["may_name_company"],
            comment=data["comment"],
        )
    except BusinessRuleError as error:
        form.add_error(None, error.message)
        return False
    return True


def approve_by_link(request: PortalRequest, token: str) -> HttpResponse:
    """A contact of the company confirms the exact text through the signed link they were
    mailed. The token names the case, the text version and its hash; the link is only good
    while the case awaits the company and the text is unchanged."""
    try:
        payload = services.read_approval_token(token)
    except BusinessRuleError as error:
        return render(
            request, "practice/approval_invalid.html", {"reason": error.message}, status=404
        )
    # The signed token is the permission: read the one case it names, outside any tenant.
    with unscoped("case approval through a signed link"):
        case = Case.objects.select_related("partner", "company").filter(pk=payload["case"]).first()
        if (
            case is None
            or case.status != CaseStatus.AWAITING_COMPANY
            or case.text_hash != payload["h"]
        ):
            reason = _("This link is no longer valid: the case was changed or already answered.")
            return render(request, "practice/approval_invalid.html", {"reason": reason}, status=404)
        form = ApprovalForm(
            request.POST or None,
            initial={"text_hash": case.text_hash, "approver_name": payload["n"]},
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and _decide(request, case, form, email=payload["e"], via_account=False)
        ):
            return render(request, "practice/approval_done.html", {"case": case})
        return render(request, "practice/approval_form.html", {"case": case, "form": form})


@login_required
def company_case(request: SignedInRequest, pk: int) -> HttpResponse:
    """A case about the user's own company: approve it from the account, or withdraw."""
    case = selectors.company_case(viewer=request.user, pk=pk)
    form = None
    if case.status == CaseStatus.AWAITING_COMPANY:
        form = ApprovalForm(
            request.POST or None,
            initial={"text_hash": case.text_hash, "approver_name": request.user.get_full_name()},
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and _decide(request, case, form, email=request.user.email, via_account=True)
        ):
            messages.success(request, _("Thank you, your answer was saved."))
            return redirect("practice:company_case", pk=case.pk)
    return render(
        request,
        "practice/approval_form.html",
        {
            "case": case,
            "form": form,
            "account": True,
            "withdraw_form": WithdrawPermissionForm(),
            "current_approval": services.current_approval(case),
        },
    )


@login_required
@require_POST
def withdraw_permission(request: SignedInRequest, pk: int) -> HttpResponse:
    case = selectors.company_case(viewer=request.user, pk=pk)
    if case.status not in (CaseStatus.APPROVED, CaseStatus.PUBLISHED, CaseStatus.AWAITING_COMPANY):
        raise Http404
    form = WithdrawPermissionForm(request.POST)
    keep = form.is_valid() and form.cleaned_data["keep_anonymous"]
    try:
        services.withdraw_permission(actor=request.user, case=case, keep_anonymous=keep)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The case no longer names your company.")
            if keep
            else _("Your permission was withdrawn; the case is offline."),
        )
    return redirect("practice:company_case", pk=case.pk)
