"""The public lab directory, a lab's page with its free windows, and an SME's request."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from labs import selectors, services
from labs.forms import LabFilterForm, TrialRequestForm, WindowRangeForm
from portal.access import active_context_or_404
from portal.errors import BusinessRuleError
from portal.http import PortalRequest, SignedInRequest

RANGE_DAYS_MAX = 62


def directory(request: PortalRequest) -> HttpResponse:
    form = LabFilterForm(request.GET or None, viewer=request.user)
    labs = selectors.directory(viewer=request.user, filters=form.filters())
    return render(
        request,
        "labs/lab_list.html",
        {"form": form, "labs": labs, "filtered": bool(request.GET)},
    )


def lab_detail(request: PortalRequest, slug: str) -> HttpResponse:
    lab = selectors.lab_for(viewer=request.user, slug=slug)
    range_form = WindowRangeForm(request.GET or None)
    windows = None
    if range_form.is_valid() and (
        range_form.cleaned_data["free_from"] or range_form.cleaned_data["free_until"]
    ):
        today = timezone.localdate()
        first = max(range_form.cleaned_data["free_from"] or today, today)
        last = range_form.cleaned_data["free_until"] or first + timedelta(days=14)
        last = min(last, first + timedelta(days=RANGE_DAYS_MAX))
        busy = selectors.busy_times([lab.pk], *selectors.day_bounds(first, last))[lab.pk]
        windows = selectors.lab_windows(lab, busy, first, last) if last >= first else []
    else:
        windows = selectors.next_free_windows(lab)
    return render(
        request,
        "labs/lab_detail.html",
        {
            "lab": lab,
            "windows": windows,
            "range_form": range_form,
            "is_sme": getattr(request.active_context, "is_sme", False),
        },
    )


def _picked(value: str) -> datetime | None:
    """A window's start or end from a link (local time), or None for anything unreadable."""
    try:
        moment = parse_datetime(value)
    except ValueError:  # well formed but impossible, e.g. month 13
        return None
    if moment is None or not 1900 <= moment.year <= 2100:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment)


@login_required
def trial_request(request: SignedInRequest, slug: str) -> HttpResponse:
    active_context_or_404(request, sme=True)
    lab = selectors.lab_for(viewer=request.user, slug=slug)
    if not lab.is_published:
        raise Http404
    start, end = (_picked(request.GET.get(name, "")) for name in ("starts_at", "ends_at"))
    if start is not None and end is not None:  # a whole free window: at most the longest trial
        end = min(end, start + timedelta(hours=lab.max_trial_hours))
    initial = {"people": 2, "starts_at": start, "ends_at": end}
    form = TrialRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trial = services.request_trial(
                actor=request.user,
                lab=lab,
                purpose=data["purpose"],
                description=data["description"],
                brings=data["brings"],
                people=data["people"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                other_times=data["other_times"],
                confidential=data["confidential"],
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your request was sent. The lab's guides will answer by e-mail.")
            )
            return redirect(trial.get_absolute_url())
    return render(
        request,
        "labs/trial_request.html",
        {"lab": lab, "form": form, "windows": selectors.next_free_windows(lab)},
    )
