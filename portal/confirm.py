"""A confirm step before an action that cannot be taken back (cancel, decline, erase).

Works without JavaScript: the action's form posts as before; the view asks `confirmed(request)`
and, until the person has said yes, answers with a page that repeats the question, carries the
form's fields along (hidden) and posts them again with `confirmed=yes`::

    @require_POST
    def request_cancel(request, pk):
        item = ...
        if not confirm.confirmed(request):
            return confirm.ask(
                request,
                question=_("Cancel your consultation request?"),
                button=_("Yes, cancel it"),
                back_url=item.get_absolute_url(),
            )
        ...  # the action itself

The page has one heading (the question), the consequence in a sentence, the yes-button first in
the form and a link back ("No, keep it"), so keyboard and screen-reader users meet the choice in
that order. No state is kept between the two steps.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirmed"
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def ask(
    request: HttpRequest,
    *,
    question: str | Promise,
    button: str | Promise,
    back_url: str,
    detail: str | Promise = "",
    back: str | Promise = "",
) -> HttpResponse:
    """The confirm page for the action the request posted to (same URL, same fields)."""
    back = back or _("No, go back")
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
    return render(
        request,
        "portal/confirm.html",
        {
            "question": question,
            "detail": detail,
            "button": button,
            "back": back,
            "back_url": back_url,
            "action": request.get_full_path(),
            "fields": fields,
            "confirm_field": CONFIRM_FIELD,
        },
    )
