"""Advisory-session log and follow-ups."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import permissions, selectors, services
from consulting.forms import (
    SessionForm,
)
from consulting.models import FollowUp
from consulting.views._common import active_partner, form_error
from portal.access import get_visible_or_404
from portal.errors import BusinessRuleError


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    partner = active_partner(request)
    user = request.user
    source = None
    initial: dict[str, Any] = {
        "date": timezone.localdate(),
        "duration_minutes": 60,
        "follow_up_owner": user,
    }
    if request.GET.get("request"):
        source = selectors.request_for(viewer=user, pk=request.GET["request"])
        if source.partner_id != partner.pk:
            raise Http404
        initial |= {
            "company": source.company,
            "topics": list(source.topics.all()),
            "format": source.mode or None,
        }
    elif request.GET.get("company"):
        initial["company"] = selectors.company_for(viewer=user, pk=request.GET["company"])
    if initial.get("company"):
        initial["stage"] = services.next_stage(initial["company"])
    form = SessionForm(request.POST or None, viewer=user, partner=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        follow_ups = []
        if data["follow_up_title"].strip():
            follow_ups.append(
                services.FollowUpData(
                    title=data["follow_up_title"],
                    owner=data["follow_up_owner"],
                    due_date=data["follow_up_due"],
                )
            )
        try:
            session = services.log_session(
                actor=user,
                partner=partner,
                company=data["company"],
                request=source,
                date=data["date"],
                duration_minutes=data["duration_minutes"],
                format=data["format"],
                stage=data["stage"],
                topics=data["topics"],
                summary=data["summary"],
                outcomes=data["outcomes"],
                consultants=data["consultants"],
                follow_ups=follow_ups,
                good_practice_consent=data["good_practice_consent"],
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The session was logged."))
            return redirect(session.company.get_absolute_url())
    return render(request, "consulting/session_form.html", {"form": form, "source": source})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    active_partner(request)
    session = selectors.session_for(viewer=request.user, pk=pk)
    if not permissions.is_staff_of(request.user, session.partner_id):
        raise Http404  # the SME's own sessions show in its timeline, not the internal notes
    return render(request, "consulting/session_detail.html", {"session": session})


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    active_partner(request)
    follow_up = get_visible_or_404(FollowUp, request.user, pk=pk)
    try:
        services.complete_follow_up(actor=request.user, follow_up=follow_up)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The follow-up is done."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "dashboard"
    return redirect(target or "dashboard")
