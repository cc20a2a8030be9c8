"""The partner's side: its labs (admins edit them), blackouts, the week calendar, guide feeds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from labs import permissions, selectors, services
from labs.forms import BlackoutForm, LabForm
from labs.models import Blackout, GuideFeed, TrialStatus
from labs.services.notify import calendar_entry
from portal import ics
from portal.access import active_partner_or_404, get_visible_or_404
from portal.errors import BusinessRuleError
from portal.http import PortalRequest, SignedInRequest
from portal.models import PartnerInstitution


@login_required
def lab_manage(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    labs = selectors.managed_labs(viewer=request.user, partner=partner)
    return render(
        request,
        "labs/manage_list.html",
        {
            "labs": labs,
            "partner": partner,
            "can_manage": permissions.can_manage_labs(request.user, partner.pk),
            "feed": GuideFeed.objects.filter(user=request.user).first(),
        },
    )


def _admin_only(request: SignedInRequest, partner: PartnerInstitution) -> None:
    """Staff who may see the lab but not edit it: 403 (after the row was found, so another
    tenant's id still answers 404)."""
    if not permissions.can_manage_labs(request.user, partner.pk):
        raise PermissionDenied


@login_required
def lab_edit(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    partner = active_partner_or_404(request)
    lab = selectors.managed_lab(viewer=request.user, partner=partner, pk=pk) if pk else None
    _admin_only(request, partner)
    form = LabForm(request.POST or None, request.FILES or None, instance=lab, partner=partner)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("photo") is False:  # "clear" ticked
            data["photo"] = ""
        try:
            saved = services.save_lab(
                actor=request.user,
                partner=partner,
                lab=lab,
                data=data,
                topics=data.pop("topics"),
                guides=data.pop("guides"),
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The lab was saved."))
            return redirect("labs:lab_edit", pk=saved.pk)
    blackouts = selectors.blackouts_of(viewer=request.user, lab=lab) if lab else []
    return render(
        request,
        "labs/lab_form.html",
        {"form": form, "lab": lab, "blackouts": blackouts, "blackout_form": BlackoutForm()},
    )


@login_required
@require_POST
def blackout_add(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = active_partner_or_404(request)
    lab = selectors.managed_lab(viewer=request.user, partner=partner, pk=pk)
    _admin_only(request, partner)
    form = BlackoutForm(request.POST)
    if form.is_valid():
        try:
            services.add_blackout(
                actor=request.user,
                lab=lab,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
            )
        except BusinessRuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The blackout was added."))
    else:
        for problem in form.errors.as_data().values():
            messages.error(request, " ".join(m for e in problem for m in e.messages))
    return redirect("labs:lab_edit", pk=lab.pk)


@login_required
@require_POST
def blackout_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = active_partner_or_404(request)
    blackout = get_visible_or_404(Blackout, request.user, pk=pk, lab__partner=partner)
    _admin_only(request, partner)
    services.remove_blackout(actor=request.user, blackout=blackout)
    messages.success(request, _("The blackout was removed."))
    return redirect("labs:lab_edit", pk=blackout.lab_id)


@login_required
def calendar(request: SignedInRequest) -> HttpResponse:
    """The partner's week: reservations, open requests and blackouts per lab."""
    partner = active_partner_or_404(request)
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    if not 1900 <= day.year <= 2100:
        day = timezone.localdate()
    monday = day - timedelta(days=day.weekday())
    week = selectors.calendar_week(viewer=request.user, partner=partner, monday=monday)
    rows = [
        {
            "lab": lab,
            "days": [
                {
                    "day": d,
                    "trials": [
                        t for t in week.trials.get(lab.pk, []) if _on(d, t.starts_at, t.ends_at)
                    ],
                    "blackouts": [
                        b for b in week.blackouts.get(lab.pk, []) if _on(d, b.starts_at, b.ends_at)
                    ],
                }
                for d in week.days
            ],
        }
        for lab in week.labs
    ]
    return render(
        request,
        "labs/calendar.html",
        {
            "week": week,
            "rows": rows,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "partner": partner,
        },
    )


def _on(day: date, start: datetime, end: datetime) -> bool:
    return timezone.localdate(start) <= day <= timezone.localdate(end - timedelta(seconds=1))


@login_required
@require_POST
def feed_create(request: SignedInRequest) -> HttpResponse:
    active_partner_or_404(request)
    services.create_guide_feed(actor=request.user)
    messages.success(request, _("Your trial calendar address is ready. Earlier ones stop working."))
    return redirect("labs:manage")


@login_required
@require_POST
def feed_revoke(request: SignedInRequest) -> HttpResponse:
    services.revoke_guide_feed(actor=request.user)
    messages.success(request, _("Your trial calendar address no longer works."))
    return redirect("labs:manage")


@require_GET
def guide_feed(request: PortalRequest, token: str) -> HttpResponse:
    """A guide's trials as a calendar feed; the secret token is the credential."""
    owner = GuideFeed.objects.filter(token=token).select_related("user").first()
    if owner is None or not owner.user.is_active or not owner.user.partner_memberships():
        raise Http404
    since = timezone.now() - timedelta(days=90)
    trials = selectors.guide_trials(guide=owner.user, since=since)
    entries = [calendar_entry(t, cancelled=t.status == TrialStatus.CANCELLED) for t in trials]
    body = ics.calendar_bytes(entries, name=_("My lab trials – Portal 4.0"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
