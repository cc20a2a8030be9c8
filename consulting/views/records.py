"""Company record views: list (filter, export, import), page, edit, contacts, shares."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import permissions, selectors, services
from consulting.consent import CONTACT_CONSENT_VERSION
from consulting.forms import (
    CompanyFilterForm,
    CompanyForm,
    ContactForm,
    ImportForm,
    ReasonForm,
    ShareForm,
)
from consulting.models import Company, CompanyShare, Contact
from consulting.services.records import CONTACT_FIELDS, EDITABLE_COMPANY_FIELDS
from consulting.views._common import PAGE_SIZE, editable_company, form_error, shareable_company
from portal import audit, panels
from portal.access import active_context_or_404, active_partner_or_404, get_visible_or_404
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest
from portal.listing import Sort, headers_for


@login_required
def company_list(request: SignedInRequest) -> HttpResponse:
    """Rendered for every request: uncached it stays within its budget (issue #18: 7 queries,
    about 30 ms of CPU at scale 10), so no writer has to remember to forget a cached list."""
    active = active_context_or_404(request, partner=True, consortium=True)
    form = CompanyFilterForm(request.GET or None)
    companies = selectors.companies_for(viewer=request.user, filters=form.filters())
    export = request.GET.get("export", "")
    if export in {"csv", "xlsx"}:
        from consulting import exports

        audit.record(
            actor=request.user,
            action="consulting.company.exported",
            partner=active.partner,
            data={"format": export, "count": companies.count(), "filters": request.GET.dict()},
        )
        return exports.companies_response(companies, export)
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort = form.cleaned_data.get("sort") if form.is_bound and form.is_valid() else ""
    headers = headers_for(
        request,
        [
            Sort("name", _("Name"), "name"),
            Sort("city", _("City"), "city"),
            _("Sector"),
            Sort("employees", _("Employees"), "employees"),
            _("Size class"),
            _("Lead partner"),
            Sort("last_contact", _("Last contact"), "last_contact"),
        ],
        sort=sort or "name",
        numeric=("employees",),
    )
    return render(
        request,
        "consulting/company_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "listing": {"headers": headers},  # for _sort_header.html
        },
    )


@login_required
def company_import(request: SignedInRequest) -> HttpResponse:
    """Check first (dry run), then import: the commit is all or nothing."""
    from consulting import imports

    partner = active_partner_or_404(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        commit = request.POST.get("action") == "import"
        try:
            rows = imports.read_rows(upload.name, upload.read())
            report = services.import_companies(
                actor=request.user, partner=partner, rows=rows, commit=commit
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            if commit:
                messages.success(
                    request, _("%(n)s companies were imported.") % {"n": report.imported}
                )
                return redirect("consulting:company_list")
    return render(request, "consulting/company_import.html", {"form": form, "report": report})


@login_required
def my_company(request: SignedInRequest) -> HttpResponse:
    active = active_context_or_404(request, sme=True)
    return redirect("consulting:company_detail", pk=active.company_id)


@login_required
def company_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    company = selectors.company_for(viewer=request.user, pk=pk)
    user = request.user
    if not request.active_context.is_sme:  # staff reading an SME's record (the SME's own: no)
        audit.record(actor=user, action="consulting.company.viewed", target=company)
    context = {
        "company": company,
        "contacts": selectors.contacts_of(viewer=user, company=company),
        "timeline": selectors.timeline_with_labels(panels.company_timeline(company, user)),
        "can_edit": permissions.can_edit_company(user, company),
        "can_share": permissions.can_share_company(user, company),
        "is_staff": request.active_context.partner is not None and not company.is_erased,
    }
    if context["can_share"]:
        context["shares"] = selectors.live_shares_of(viewer=user, company=company)
        context["share_form"] = ShareForm(company=company)
    return render(request, "consulting/company_detail.html", context)


@editable_company
def company_edit(request: SignedInRequest, company: Company) -> HttpResponse:
    # The form gets its own copy: a rejected POST fills the form's instance with what was
    # typed, while the page heading keeps the stored name.
    form = CompanyForm(
        request.POST or None, instance=selectors.company_for(viewer=request.user, pk=company.pk)
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in EDITABLE_COMPANY_FIELDS}
        try:
            services.update_company(actor=request.user, company=company, data=data)
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The company record was saved."))
            return redirect(company.get_absolute_url())
    return render(request, "consulting/company_form.html", {"company": company, "form": form})


@editable_company
def contact_edit(
    request: SignedInRequest, company: Company, contact_pk: int | None = None
) -> HttpResponse:
    contact = (
        get_visible_or_404(Contact, request.user, pk=contact_pk, company=company)
        if contact_pk
        else None
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contact(
                actor=request.user,
                company=company,
                contact=contact,
                data={name: form.cleaned_data[name] for name in CONTACT_FIELDS},
                consent_given=form.cleaned_data["consent"],
                consent_version=CONTACT_CONSENT_VERSION,
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect(company.get_absolute_url())
    return render(
        request,
        "consulting/contact_form.html",
        {"company": company, "contact": contact, "form": form},
    )


@require_POST
@shareable_company
def company_share(request: SignedInRequest, company: Company) -> HttpResponse:
    form = ShareForm(request.POST, company=company)
    if form.is_valid():
        try:
            services.share_company(
                actor=request.user,
                company=company,
                partner=form.cleaned_data["partner"],
                reason=form.cleaned_data["reason"],
            )
        except BusinessRuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The company was shared."))
    else:
        messages.error(request, _("Please choose a partner and give a reason."))
    return redirect(company.get_absolute_url())


@require_POST
@shareable_company
def share_revoke(request: SignedInRequest, company: Company, share_pk: int) -> HttpResponse:
    share = get_visible_or_404(CompanyShare, request.user, pk=share_pk, company=company)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason for revoking."))
    else:
        try:
            services.revoke_share(
                actor=request.user, share=share, reason=form.cleaned_data["reason"]
            )
        except BusinessRuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The share was revoked."))
    return redirect(company.get_absolute_url())
