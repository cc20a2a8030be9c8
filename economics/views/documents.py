"""An evaluation's downloads: the PDF (requested, rendered by a task, live status) and the cash
flows as CSV or XLSX (formulas neutralised by portal/exports.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from economics import selectors, services
from economics.forms import ReportForm
from economics.models import EvaluationReport
from economics.presenting import input_rows, present
from economics.views._common import visible_evaluation, working_context
from portal import exports
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest


def _version(evaluation: Any, request: SignedInRequest) -> Any:
    return selectors.version_of(
        evaluation,
        request.POST.get("version") or request.GET.get("version") or evaluation.version_count,
    )


@login_required
@require_GET
def export(request: SignedInRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in {"csv", "xlsx"}:
        raise Http404
    evaluation = visible_evaluation(request, pk)
    version = _version(evaluation, request)
    view = present(version.data())
    flows: list[list[Any]] = [
        [_("Year"), _("Cash flow (EUR)"), _("Discounted (EUR)"), _("Cumulative (EUR)")],
        *([r.year, r.flow, r.discounted, r.cumulative] for r in view.years),
    ]
    name = f"evaluation-{evaluation.pk}-v{version.number}"
    if kind == "csv":
        return exports.csv_response(flows, filename=f"{name}.csv")
    inputs: list[list[Any]] = [
        [_("Title"), evaluation.title],
        *([label, value] for label, value in input_rows(view.data)),
    ]
    scenarios: list[list[Any]] = [
        [
            _("Scenario"),
            _("Factor on benefits"),
            _("Factor on costs"),
            _("NPV (EUR)"),
            _("IRR (%)"),
            _("Payback (years)"),
        ],
        *(
            [s["label"], s["benefit_factor"], s["cost_factor"], s["npv"], s["irr"], s["payback"]]
            for s in view.scenarios
        ),
    ]
    return exports.xlsx_response(
        [(_("Cash flows"), flows), (_("Inputs"), inputs), (_("Scenarios"), scenarios)],
        filename=f"{name}.xlsx",
    )


@login_required
@require_POST
def report_request(request: SignedInRequest, pk: int) -> HttpResponse:
    evaluation = visible_evaluation(request, pk)
    version = _version(evaluation, request)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a language for the PDF."))
        return redirect(version.get_absolute_url())
    try:
        services.request_report(
            actor=request.user, version=version, language=form.cleaned_data["language"]
        )
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("The PDF is being prepared; this page shows when it is ready."))
    return redirect(version.get_absolute_url())


@login_required
@require_GET
def report_status(request: SignedInRequest, pk: int) -> HttpResponse:
    working_context(request)
    report = selectors.report_for(viewer=request.user, pk=pk)
    return render(request, "economics/_report_status.html", {"report": report})


@login_required
@require_GET
def report_download(request: SignedInRequest, pk: int) -> FileResponse:
    working_context(request)
    report = selectors.report_for(viewer=request.user, pk=pk)
    if report.status != EvaluationReport.Status.READY or not report.file:
        raise Http404
    version = report.version
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"evaluation-{version.evaluation_id}-v{version.number}-{report.language}.pdf",
        content_type="application/pdf",
    )
