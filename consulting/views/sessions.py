"""Advisory-session log and follow-ups."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import selectors, services
from consulting.forms import (
    SessionForm,
)
from consulting.models import AdvisorySession, ConsultationRequest, FollowUp
from consulting.views._common import form_error, session_notes
from portal.access import active_partner_or_404, get_visible_or_404
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest


@login_required
def session_create(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    user = request.user
    source = None
    initial: dict[str, Any] = {
        "date": timezone.localdate(),
        "duration_minutes": 60,
        "follow_up_owner": user,
    }
    if request.GET.get("request"):
        source = get_visible_or_404(
            ConsultationRequest, user, pk=request.GET["request"], partner=partner
        )
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
                    shared=data["follow_up_shared"],
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
                outcomes_shared=data["outcomes_shared"],
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


@session_notes
def session_detail(request: SignedInRequest, session: AdvisorySession) -> HttpResponse:
    return render(request, "consulting/session_detail.html", {"session": session})


@login_required
@require_POST
def follow_up_done(request: SignedInRequest, pk: int) -> HttpResponse:
    active_partner_or_404(request)
    follow_up = get_visible_or_404(FollowUp, request.user, pk=pk)
    try:
        services.complete_follow_up(actor=request.user, follow_up=follow_up)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The follow-up is done."))
    # Only a path of this site: redirect() would take any other word for a view name.
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("dashboard")
