"""A participant's own pages: their workshops, a registration, cancelling, certificate, feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import selectors, services
from events.forms import FeedbackForm
from events.models import CalendarFeed, Registration
from events.views._common import own_registration
from portal import confirm, mail
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest


@login_required
def my_workshops(request: SignedInRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "events/my_workshops.html",
        {
            **selectors.my_registrations(viewer=request.user),
            "feed_url": mail.absolute_url(feed.get_absolute_url()) if feed else "",
        },
    )


@own_registration
def registration_detail(request: SignedInRequest, registration: Registration) -> HttpResponse:
    return _render_registration(
        request, registration, FeedbackForm(initial=_feedback(registration))
    )


def _feedback(registration: Registration) -> dict[str, Any]:
    if registration.feedback_rating is None:
        return {}
    return {"rating": registration.feedback_rating, "comment": registration.feedback_comment}


def _render_registration(
    request: SignedInRequest,
    registration: Registration,
    feedback_form: FeedbackForm,
    status: int = 200,
) -> HttpResponse:
    event = registration.event
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "waitlist_position": selectors.waitlist_position(registration),
            "feedback_form": feedback_form,
            "can_cancel": registration.can_be_cancelled(),
            "can_give_feedback": registration.status == Registration.Status.ATTENDED,
        },
        status=status,
    )


@require_POST
@own_registration
def registration_cancel(request: SignedInRequest, registration: Registration) -> HttpResponse:
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Cancel your registration for “%(title)s”?")
            % {"title": registration.event.title},
            detail=_("Your seat goes to the next person on the waitlist."),
            button=_("Yes, cancel my registration"),
            back=_("No, keep it"),
            back_url=registration.get_absolute_url(),
        )
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except BusinessRuleError as error:
        messages.error(request, error.message)
        return redirect(registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:mine")


@require_POST
@own_registration
def certificate_request(request: SignedInRequest, registration: Registration) -> HttpResponse:
    try:
        services.issue_certificate(registration=registration, actor=request.user)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("Your certificate is being prepared; reload this page shortly."))
    return redirect(registration)


@require_GET
@own_registration
def certificate_download(request: SignedInRequest, registration: Registration) -> FileResponse:
    if registration.certificate_status != Registration.CertificateStatus.READY:
        raise Http404
    return FileResponse(
        registration.certificate_file.open("rb"),
        as_attachment=True,
        filename=f"certificate-{registration.event.slug}.pdf",
        content_type="application/pdf",
    )


@require_POST
@own_registration
def feedback(request: SignedInRequest, registration: Registration) -> HttpResponse:
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _render_registration(request, registration, form, status=400)
    try:
        services.submit_feedback(
            registration=registration,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except BusinessRuleError as error:
        form.add_error(None, error.message)
        return _render_registration(request, registration, form, status=400)
    messages.success(request, _("Thank you for your feedback."))
    return redirect(registration)
