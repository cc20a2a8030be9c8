"""/reports/: figures of the active partner, or across partners for consortium admins; the
quarterly report PDF (requested here, rendered by Celery, its status polled with htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from portal.access import active_context_or_404, get_visible_or_404
from portal.active_context import ActiveContext
from portal.errors import BusinessRuleError
from portal.http import PortalRequest
from portal.models import PartnerInstitution, User
from portal.permissions import can_see_figures
from reports import exports, services
from reports.forms import PeriodForm, QuarterForm
from reports.models import QuarterlyReport
from reports.selectors import report_for


def _reporting_context(request: PortalRequest) -> tuple[ActiveContext, User]:
    """Partner staff (their active partner) and consortium admins, signed in; anyone else
    (visitors too: there is no report for them) gets 404."""
    active = active_context_or_404(request, partner=True, consortium=True)
    user = request.user
    if not user.is_authenticated:  # refused above already; narrows the type
        raise Http404
    return active, user


def _require_figures(active: ActiveContext, user: User) -> None:
    """The figures are the partner admins' and the consortium admins' (the rule:
    portal.permissions.can_see_figures); a consultant of the partner gets 403."""
    if not can_see_figures(user, partner=active.partner, consortium=active.is_consortium):
        raise PermissionDenied


def _partners() -> Any:
    return PartnerInstitution.objects.active().order_by("short_name")


def _language() -> str:
    return (translation.get_language() or "de")[:2]


@require_GET
def index(request: PortalRequest) -> HttpResponse:
    """Partner staff see their active partner, consortium admins any partner or all; SME users
    and visitors get 404 (there is no report for them)."""
    active, user = _reporting_context(request)
    _require_figures(active, user)
    form = PeriodForm(
        request.GET if "kind" in request.GET else PeriodForm.default_data(),
        partners=_partners() if active.is_consortium else None,
    )
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form, "report": None}, status=400)
    partner = form.cleaned_data.get("partner") if active.is_consortium else active.partner
    report = report_for(
        viewer=user,
        period=form.period(),
        consortium=active.is_consortium,
        partner=partner,
    )
    export = request.GET.get("export", "")
    if export in {"csv", "csv-plain", "xlsx"}:
        slug = request.GET.get("table", "")
        table = report.table(slug) if slug else None
        if export.startswith("csv"):
            if table is None:
                raise Http404
            return exports.csv_response(report, table, plain=export == "csv-plain")
        if slug and table is None:
            raise Http404
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
            pdf=QuarterlyReport.objects.visible_to(user)
            .filter(partner=partner, year=year, quarter=quarter, language=_language())
            .first(),
            pdf_year=year,
            pdf_quarter=quarter,
            pdf_partner=partner.pk if partner and active.is_consortium else "",
        )
    return render(request, "reports/report.html", context)


@require_POST
def pdf_request(request: PortalRequest) -> HttpResponse:
    active, user = _reporting_context(request)
    _require_figures(active, user)
    form = QuarterForm(request.POST, partners=_partners() if active.is_consortium else None)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("reports:index")
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    partner = form.cleaned_data.get("partner") if active.is_consortium else active.partner
    try:
        services.request_quarterly_report(
            actor=user,
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
def pdf_status(request: PortalRequest, pk: int) -> HttpResponse:
    active, user = _reporting_context(request)
    pdf = get_visible_or_404(QuarterlyReport, user, pk=pk)  # another tenant's: 404 first
    _require_figures(active, user)
    return render(request, "reports/_pdf_status.html", {"pdf": pdf})


@require_GET
def pdf_download(request: PortalRequest, pk: int) -> FileResponse:
    active, user = _reporting_context(request)
    pdf = get_visible_or_404(QuarterlyReport, user, pk=pk)  # another tenant's: 404 first
    _require_figures(active, user)
    if pdf.status != QuarterlyReport.Status.READY or not pdf.file:
        raise Http404
    return FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=pdf.filename,
        content_type="application/pdf",
    )
