"""Evaluations: the list, a new one (from a template, a session or an assessment result), one
evaluation with its live results and versions, and two versions or alternatives side by side."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consulting.permissions import can_edit_company
from economics import selectors, services
from economics.forms import CompareForm, InputsForm, NewEvaluationForm, ReportForm
from economics.inputs import VersionData, as_initial, from_defaults
from economics.presenting import present
from economics.views._common import visible_evaluation, working_context
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest

PAGE_SIZE = 25


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    context = working_context(request)
    evaluations = selectors.evaluations_for(viewer=request.user)
    if context.is_sme:
        evaluations = evaluations.filter(company_id=context.company_id or 0)
    page = Paginator(evaluations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "economics/evaluation_list.html",
        {
            "evaluations": page.object_list,
            "page": page,
            "templates": selectors.templates_for(viewer=request.user).filter(is_published=True)[
                :50
            ],
            "is_sme": context.is_sme,
        },
    )


def _bound_initial(initial: dict[str, Any]) -> VersionData:
    """The data a form would hold with `initial` as its input (what the results show first)."""
    form = InputsForm(data={k: str(v) for k, v in initial.items() if v is not None})
    return form.version_data() if form.is_valid() else VersionData()


@login_required
@require_http_methods(["GET", "POST"])
def new(request: SignedInRequest) -> HttpResponse:
    context = working_context(request)
    viewer = request.user
    params = request.POST if request.method == "POST" else request.GET
    companies = selectors.companies_for(viewer=viewer)
    if context.is_sme:
        companies = companies.filter(pk=context.company_id or 0)
    session = (
        selectors.session_for(viewer=viewer, pk=params["session"])
        if params.get("session")
        else None
    )
    assessment = (
        selectors.assessment_for(viewer=viewer, pk=params["result"])
        if params.get("result")
        else None
    )
    dimension = params.get("dimension", "")[:40]
    company = None
    if context.is_sme:
        company = companies.first()
    elif params.get("company"):
        company = selectors.company_for(viewer=viewer, pk=params["company"])
    elif session is not None:
        company = session.company
    elif assessment is not None:
        company = assessment.company
    template = (
        selectors.template_for(viewer=viewer, pk=params["template"])
        if params.get("template")
        else selectors.template_for_dimension(
            viewer=viewer,
            dimension_key=dimension,
            partner_id=company.lead_partner_id if company is not None else None,
        )
    )
    initial = from_defaults(template.defaults) if template else as_initial(VersionData())
    proposed = selectors.proposed_funding_share(company) if company is not None else None
    if (
        proposed is not None
        and not float(initial.get("funding_share") or 0)
        and not float(initial.get("funding_amount") or 0)
    ):
        initial["funding_share"] = proposed
    initial.update(
        {
            "title": template.title if template else "",
            "company": company.pk if company else None,
            "template": template.pk if template else None,
        }
    )
    form = NewEvaluationForm(
        request.POST or None,
        initial=initial,
        companies=companies,
        templates=selectors.templates_for(viewer=viewer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.create_evaluation(
                actor=viewer,
                company=form.cleaned_data["company"],
                title=form.cleaned_data["title"],
                data=form.version_data(),
                template=form.cleaned_data["template"],
                session=session,
                assessment=assessment,
                dimension_key=dimension,
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The evaluation has been saved as version 1."))
            return redirect(evaluation)
    data = form.version_data() if form.is_bound and form.is_valid() else _bound_initial(initial)
    return render(
        request,
        "economics/evaluation_new.html",
        {
            "form": form,
            "presentation": present(data),
            "template": template,
            "company": company,
            "proposed_share": proposed,
            "links": {"session": session, "assessment": assessment, "dimension": dimension},
            "is_sme": context.is_sme,
        },
    )


@login_required
@require_POST
def preview(request: SignedInRequest) -> HttpResponse:
    """The live results while the form is edited (htmx): computed from the posted inputs,
    nothing is saved; invalid input shows its messages instead."""
    working_context(request)
    form = InputsForm(request.POST)
    if not form.is_valid():
        return render(request, "economics/_results.html", {"form": form, "presentation": None})
    return render(
        request,
        "economics/_results.html",
        {"form": form, "presentation": present(form.version_data())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    evaluation = visible_evaluation(request, pk)
    versions = selectors.versions_of(evaluation)
    if not versions:
        raise Http404
    by_number = {v.number: v for v in versions}
    try:
        shown = by_number[int(request.GET.get("version") or versions[-1].number)]
    except (KeyError, ValueError):
        raise Http404 from None
    data = shown.data(list(shown.items.all()))
    may_edit = can_edit_company(request.user, evaluation.company)
    form = InputsForm(request.POST or None, initial=as_initial(data))
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            try:
                version = services.save_version(
                    actor=request.user, evaluation=evaluation, data=form.version_data()
                )
            except BusinessRuleError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Saved as version %(number)s.") % {"number": version.number},
                )
                return redirect(evaluation)
    shown_data = form.version_data() if form.is_bound and form.is_valid() else data
    return render(
        request,
        "economics/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "versions": versions,
            "shown": shown,
            "is_latest": shown.number == versions[-1].number,
            "form": form,
            "may_edit": may_edit,
            "presentation": present(shown_data),
            "reports": selectors.reports_of(viewer=request.user, version=shown),
            "report_form": ReportForm(initial={"language": (request.LANGUAGE_CODE or "de")[:2]}),
            "alternatives": [
                e
                for e in selectors.for_company(viewer=request.user, company=evaluation.company)
                if e.pk != evaluation.pk
            ],
        },
    )


@login_required
@require_GET
def compare(request: SignedInRequest, pk: int) -> HttpResponse:
    """Two versions of one evaluation, or this one's version beside another evaluation of the
    same company (an alternative), side by side."""
    evaluation = visible_evaluation(request, pk)
    versions = selectors.versions_of(evaluation)
    other = None
    if request.GET.get("other"):
        other = selectors.evaluation_for(viewer=request.user, pk=request.GET["other"])
        if other.company_id != evaluation.company_id:
            raise Http404
    defaults = {
        "a": versions[-2].number if len(versions) > 1 and other is None else versions[-1].number,
        "b": versions[-1].number if other is None else other.version_count,
    }
    form = CompareForm(request.GET if "a" in request.GET else None, initial=defaults)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else defaults
    left = selectors.version_of(evaluation, chosen["a"])
    right = selectors.version_of(other or evaluation, chosen["b"])
    left_view, right_view = present(left.data()), present(right.data())
    return render(
        request,
        "economics/evaluation_compare.html",
        {
            "evaluation": evaluation,
            "other": other,
            "versions": versions,
            "form": form,
            "left": left,
            "right": right,
            "rows": _compare_rows(left_view, right_view),
        },
    )


def _compare_rows(left: Any, right: Any) -> list[dict[str, Any]]:
    def row(label: str, a: Any, b: Any) -> dict[str, Any]:
        diff = (b - a) if a is not None and b is not None else None
        return {"label": label, "a": a, "b": b, "diff": diff}

    return [
        row(_("Investment (EUR)"), left.investment_total, right.investment_total),
        row(_("Funding (EUR)"), left.funding, right.funding),
        row(_("Horizon (years)"), left.data.horizon, right.data.horizon),
        row(_("Discount rate (%)"), left.data.rate, right.data.rate),
        row(_("Net present value (EUR)"), left.npv, right.npv),
        row(_("Internal rate of return (%)"), left.irr_percent, right.irr_percent),
        row(_("Payback (years)"), left.payback, right.payback),
        row(_("Discounted payback (years)"), left.discounted_payback, right.discounted_payback),
        row(_("Return on investment (%)"), left.roi_percent, right.roi_percent),
        row(_("Annuity (EUR per year)"), left.annuity, right.annuity),
        row(_("Utility score (1–5)"), left.utility, right.utility),
    ]
