"""Legal pages, the accessibility feedback, an SME's data export and erasure, the audit log."""

from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import active_context_or_404
from portal.errors import BusinessRuleError
from portal.http import PortalRequest, SignedInRequest
from privacy import selectors, services
from privacy.forms import (
    AccessibilityFeedbackForm,
    AuditFilterForm,
    EraseForm,
    LegalPageForm,
)
from privacy.models import LegalPage

AUDIT_PAGE_SIZE = 50


def _legal(
    request: PortalRequest, key: str, extra: dict | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.legal_page(key)
    context = {
        "page": page,
        "can_edit": request.user.is_authenticated and request.user.is_consortium_admin,
        **(extra or {}),
    }
    return render(request, "privacy/legal_page.html", context, status=status)


def privacy_policy(request: PortalRequest) -> HttpResponse:
    return _legal(request, LegalPage.Key.PRIVACY)


def imprint(request: PortalRequest) -> HttpResponse:
    contact = {"email": settings.PORTAL_IMPRINT_EMAIL, "phone": settings.PORTAL_IMPRINT_PHONE}
    return _legal(request, LegalPage.Key.IMPRINT, {"imprint_contact": contact})


def accessibility(request: PortalRequest) -> HttpResponse:
    form = AccessibilityFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Anyone may write, so a flood from one address is refused before it reaches the
        # consortium's inboxes (ACCOUNT_RATE_LIMITS["accessibility_feedback"]).
        if not ratelimit.consume(request, action="accessibility_feedback"):
            form.add_error(
                None,
                _(
                    "You have sent a lot of feedback in a short time. Nothing was sent; please "
                    "try again in an hour or write to us by e-mail."
                ),
            )
            return _legal(request, LegalPage.Key.ACCESSIBILITY, {"feedback_form": form}, status=429)
        try:
            services.submit_accessibility_feedback(
                actor=request.user if request.user.is_authenticated else None,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your feedback was sent to the consortium."))
            return redirect("privacy:accessibility")
    return _legal(request, LegalPage.Key.ACCESSIBILITY, {"feedback_form": form})


@login_required
def legal_edit(request: SignedInRequest, key: str) -> HttpResponse:
    if not request.user.is_consortium_admin or key not in LegalPage.Key.values:
        raise Http404
    page = selectors.legal_page(key)
    # The form gets a copy of its own: validating writes the posted values into its instance,
    # and the page shown beside a refused form must keep the saved ones.
    form = LegalPageForm(request.POST or None, instance=selectors.legal_page(key))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_legal_page(actor=request.user, page=page, data=form.cleaned_data)
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The page was saved."))
            return redirect(page.get_absolute_url())
    return render(request, "privacy/legal_edit.html", {"page": page, "form": form})


def _own_company(request: SignedInRequest, pk: int | None = None):
    return selectors.own_company_for(
        viewer=request.user, company_id=request.active_context.company_id, pk=pk
    )


@login_required
def my_data(request: SignedInRequest) -> HttpResponse:
    company = _own_company(request)
    return render(request, "privacy/my_data.html", {"company": company})


@login_required
def my_data_export(request: SignedInRequest, pk: int) -> HttpResponse:
    company = _own_company(request, pk)
    content = services.export_company_data(actor=request.user, company=company)
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="company-data-{stamp}.zip"'
    return response


@login_required
def my_data_erase(request: SignedInRequest, pk: int) -> HttpResponse:
    company = _own_company(request, pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_company(
                actor=request.user, company=company, password=form.cleaned_data["password"]
            )
        except BusinessRuleError as error:
            form.add_error("password", error.message)
        else:
            logout(request)
            messages.success(
                request,
                _("Your company's personal data was erased and your accounts were closed."),
            )
            return redirect("home")
    return render(request, "privacy/my_data_erase.html", {"company": company, "form": form})


@login_required
def audit_log(request: SignedInRequest) -> HttpResponse:
    active = active_context_or_404(request, partner_admin=True, consortium=True)
    partner_id = active.partner.pk if active.partner is not None else None
    user = request.user
    prefixes = selectors.audit_action_prefixes(viewer=user, partner_id=partner_id)
    form = AuditFilterForm(request.GET or None, prefixes=prefixes)
    filters = selectors.AuditFilters()
    if form.is_valid():
        filters = selectors.AuditFilters(
            q=form.cleaned_data["q"], action=form.cleaned_data["action"]
        )
    entries = selectors.audit_entries_for(viewer=user, partner_id=partner_id, filters=filters)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/audit_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "partner": active.partner,
            "feedback": selectors.recent_feedback(viewer=user) if active.is_consortium else [],
        },
    )
