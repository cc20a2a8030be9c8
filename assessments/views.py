"""Pages of the readiness check: parse, call one service or selector, render (design §2)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import selectors, services
from assessments.errors import AssessmentError
from assessments.forms import CompareForm, ReportForm, StaffListFilter, StepForm
from assessments.models import Assessment, Report
from portal import panels
from portal.http import SignedInRequest
from portal.listing import Sort, build_listing


def _assessment(request: SignedInRequest, pk: int) -> Assessment:
    return selectors.assessment_for(viewer=request.user, pk=pk)


def _is_own(request: SignedInRequest, assessment: Assessment) -> bool:
    return request.active_context.company_id == assessment.company_id


def _own_draft(request: SignedInRequest, pk: int) -> Assessment:
    """Answering is for the company's own users; for everyone else the page does not exist
    (staff of a partner may read the result, never answer for the company)."""
    assessment = _assessment(request, pk)
    if not _is_own(request, assessment):
        raise Http404
    return assessment


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    context = request.active_context
    if context.is_sme:
        company = selectors.company_for_sme(viewer=request.user)
        history = selectors.completed_for_company(viewer=request.user, company_id=company.pk)
        return render(
            request,
            "assessments/assessment_list_sme.html",
            {
                "company": company,
                "draft": selectors.draft_for_company(viewer=request.user, company_id=company.pk),
                "history": list(reversed(history)),
                "compare_form": CompareForm(
                    assessments=history,
                    initial={"before": history[-2].pk, "after": history[-1].pk},
                )
                if len(history) > 1
                else None,
                "questionnaire": selectors.published_questionnaire(),
            },
        )
    filters = StaffListFilter(request.GET)
    completed = selectors.assessments_for(viewer=request.user).filter(
        status=Assessment.Status.COMPLETED
    )
    listing = build_listing(
        request,
        filters.apply(completed),
        columns=[
            Sort("company", _("Company"), "company__name"),
            Sort("completed", _("Completed on"), "completed_at"),
            Sort("score", _("Overall score"), "result__overall_score"),
            Sort("level", _("Level"), ("result__level", "result__overall_score")),
            _("IT-security red flags"),
        ],
        default_sort="-completed",
        search_fields=("company__name", "company__city"),
        numeric=("score", "level"),
    )
    return render(
        request,
        "assessments/assessment_list_staff.html",
        {"listing": listing, "filters": filters, "partner": context.partner},
    )


@login_required
@require_POST
def start(request: SignedInRequest) -> HttpResponse:
    company = selectors.company_for_sme(viewer=request.user)
    try:
        assessment = services.start_assessment(actor=request.user, company=company)
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessments:index")
    return redirect("assessments:answer", pk=assessment.pk, step=1)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: SignedInRequest, pk: int, step: int) -> HttpResponse:
    assessment = _own_draft(request, pk)
    if assessment.status != Assessment.Status.DRAFT:
        return redirect(assessment.get_absolute_url())
    steps = selectors.steps_of(viewer=request.user, assessment=assessment)
    if not 1 <= step <= len(steps):
        raise Http404
    current = steps[step - 1]
    form = StepForm(request.POST or None, step=current)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(
                actor=request.user,
                assessment=assessment,
                answers=form.answers(),
                security=form.security(),
            )
        except AssessmentError as error:
            form.add_error(None, error.message)
        else:
            if not request.htmx:
                messages.success(request, _("Your answers have been saved."))
                if "next" in request.POST and step < len(steps):
                    return redirect("assessments:answer", pk=pk, step=step + 1)
                if "next" in request.POST:
                    return redirect("assessments:review", pk=pk)
                return redirect("assessments:answer", pk=pk, step=step)
            saved = True
            steps = selectors.steps_of(viewer=request.user, assessment=assessment)
            current = steps[step - 1]
    template = "assessments/_step_status.html" if request.htmx else "assessments/answer.html"
    return render(
        request,
        template,
        {
            "assessment": assessment,
            "steps": steps,
            "step": current,
            "form": form,
            "saved": saved,
            "is_last": step == len(steps),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = _own_draft(request, pk)
    if assessment.status != Assessment.Status.DRAFT:
        return redirect(assessment.get_absolute_url())
    error = ""
    if request.method == "POST":
        try:
            services.complete_assessment(actor=request.user, assessment=assessment)
        except AssessmentError as refused:
            error = refused.message
        else:
            messages.success(request, _("Your assessment is complete."))
            return redirect("assessments:result", pk=pk)
    steps = selectors.steps_of(viewer=request.user, assessment=assessment)
    return render(
        request,
        "assessments/review.html",
        {
            "assessment": assessment,
            "steps": steps,
            "complete": all(s.answered == s.total for s in steps),
            "error": error,
        },
    )


@login_required
@require_GET
def result(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if assessment.status != Assessment.Status.COMPLETED:
        if _is_own(request, assessment):
            return redirect(assessment.get_absolute_url())
        raise Http404
    view = selectors.result_view(assessment)
    reports = selectors.reports_of(viewer=request.user, assessment=assessment)
    recommendations = selectors.recommendations_for(viewer=request.user, result=view.result)
    return render(
        request,
        "assessments/result.html",
        {
            "view": view,
            "company": assessment.company,
            "benchmarks": selectors.benchmarks_for(view.result),
            "recommendations": recommendations,
            # other apps' sections for the weak dimensions (good-practice cases)
            "related": panels.related_panels(
                request,
                "assessment_result",
                topic_ids=[t.pk for r in recommendations for t in r.topics],
                sector=assessment.company.sector_section,
                size_class=view.result.size_class,
            ),
            "reports": reports,
            "report_form": ReportForm(initial={"language": (get_language() or "de")[:2]}),
            "benchmark_minimum": selectors.BENCHMARK_MINIMUM,
        },
    )


@login_required
@require_GET
def compare(request: SignedInRequest) -> HttpResponse:
    company = selectors.company_for_sme(viewer=request.user)
    history = selectors.completed_for_company(viewer=request.user, company_id=company.pk)
    form = CompareForm(request.GET or None, assessments=history)
    changes = None
    if form.is_valid():
        by_pk = {a.pk: a for a in history}
        changes = selectors.compare(
            by_pk[form.cleaned_data["before"]].result, by_pk[form.cleaned_data["after"]].result
        )
    return render(
        request,
        "assessments/compare.html",
        {"form": form, "changes": changes, "company": company},
    )


@login_required
@require_POST
def report_request(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a language for the report."))
        return redirect("assessments:result", pk=pk)
    try:
        services.request_report(
            actor=request.user, assessment=assessment, language=form.cleaned_data["language"]
        )
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessments:index")
    messages.info(request, _("Your report is being prepared; this page shows when it is ready."))
    return redirect("assessments:result", pk=pk)


@login_required
@require_GET
def report_status(request: SignedInRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(viewer=request.user, pk=pk)
    return render(request, "assessments/_report_status.html", {"report": report})


@login_required
@require_GET
def report_download(request: SignedInRequest, pk: int) -> FileResponse:
    report = selectors.report_for(viewer=request.user, pk=pk)
    if report.status != Report.Status.READY or not report.file:
        raise Http404
    company = report.assessment.company
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"readiness-report-{company.pk}-{report.assessment.completed_at:%Y-%m-%d}"
        f"-{report.language}.pdf",
        content_type="application/pdf",
    )
