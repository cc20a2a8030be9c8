"""/reports/: figures of the active partner, or across partners for consortium admins; the
quarterly report PDF (requested here, rendered by Celery, its status polled with htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from portal.access import get_visible_or_404
from portal.errors import BusinessRuleError
from portal.models import PartnerInstitution
from portal.reports import exports, services
from portal.reports.forms import PeriodForm, QuarterForm
from portal.reports.models import QuarterlyReport
from portal.reports.selectors import report_for


def _reporting_context(request: HttpRequest) -> Any:
    """Partner staff (their active partner) and consortium admins; anyone else gets 404."""
    active = getattr(request, "active_context", None)
    if active is None or not request.user.is_authenticated:
        raise Http404
    if not (active.is_consortium or active.partner is not None):
        raise Http404
    return active


def _partners() -> Any:
    return PartnerInstitution.objects.active().order_by("short_name")


def _language() -> str:
    return (translation.get_language() or "de")[:2]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Partner staff see their active partner, consortium admins any partner or all; SME users
    and visitors get 404 (there is no report for them)."""
    active = _reporting_context(request)
    form = PeriodForm(
        request.GET if "kind" in request.GET else PeriodForm.default_data(),
        partners=_partners() if active.is_consortium else None,
    )
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form, "report": None}, status=400)
    partner = form.cleaned_data.get("partner") if active.is_consortium else active.partner
    report = report_for(
        viewer=request.user,
        period=form.period(),
        consortium=active.is_consortium,
        partner=partner,
    )
    export = request.GET.get("export", "")
    if export in {"csv", "xlsx"}:
        slug = request.GET.get("table", "")
        table = report.table(slug) if slug else None
        if (slug or export == "csv") and table is None:
            raise Http404
        if export == "csv":
            return exports.csv_response(report, table)
        return exports.xlsx_response(
            report, [table] if table else report.tables, table.slug if table else "all"
        )
    query = request.GET.copy()
    for key in ("export", "table"):
        query.pop(key, None)
    if "kind" not in query:
        query.update(PeriodForm.default_data())
    context: dict[str, Any] = {"form": form, "report": report, "query": query.urlencode()}
    if form.cleaned_data["kind"] == PeriodForm.KIND_QUARTER:
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        context.update(
            pdf=QuarterlyReport.objects.visible_to(request.user)
            .filter(partner=partner, year=year, quarter=quarter, language=_language())
            .first(),
            pdf_year=year,
            pdf_quarter=quarter,
            pdf_partner=partner.pk if partner and active.is_consortium else "",
        )
    return render(request, "reports/report.html", context)


@require_POST
def pdf_request(request: HttpRequest) -> HttpResponse:
    active = _reporting_context(request)
    form = QuarterForm(request.POST, partners=_partners() if active.is_consortium else None)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:index")
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    partner = form.cleaned_data.get("partner") if active.is_consortium else active.partner
    try:
        services.request_quarterly_report(
            actor=request.user,
            partner=partner,
            consortium=active.is_consortium,
            year=year,
            quarter=quarter,
            language=_language(),
        )
    except BusinessRuleError as error:
        messages.error(request, error.message)
    query = {"kind": "quarter", "year": year, "quarter": quarter}
    if partner is not None and active.is_consortium:
        query["partner"] = partner.pk
    return redirect(f"{reverse('reports:index')}?{urlencode(query)}")


@require_GET
def pdf_status(request: HttpRequest, pk: int) -> HttpResponse:
    _reporting_context(request)
    pdf = get_visible_or_404(QuarterlyReport, request.user, pk=pk)
    return render(request, "reports/_pdf_status.html", {"pdf": pdf})


@require_GET
def pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    _reporting_context(request)
    pdf = get_visible_or_404(QuarterlyReport, request.user, pk=pk)
    if pdf.status != QuarterlyReport.Status.READY or not pdf.file:
        raise Http404
    return FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=pdf.filename,
        content_type="application/pdf",
    )
