"""Helpers the workshop services share: validation as a domain error, and e-mail."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from events.models import Event, Registration
from portal import mail
from portal.errors import BusinessRuleError


def validation_message(error: ValidationError) -> str:
    return " ".join(error.messages)


def full_clean_or_refuse(instance: Any, **kwargs: Any) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise BusinessRuleError(validation_message(error)) from error


def mail_participant(registration: Registration, kind: str, *, event: Event) -> None:
    """Queue one e-mail to the participant, sent after commit. The online link goes only to
    people who hold a seat."""
    from django.urls import reverse

    holds_seat = registration.holds_seat
    mail.queue_templated_email(
        template_prefix=f"events/email/{kind}",
        to=registration.user,
        context={
            "registration": registration,
            "event": event,
            "person": registration.user.get_short_name(),
            "holds_seat": holds_seat,
            "online_url": event.online_url if holds_seat and event.is_online else "",
            "event_url": mail.absolute_url(event.get_absolute_url()),
            "my_url": mail.absolute_url(reverse("events:mine")),
            "registration_url": mail.absolute_url(registration.get_absolute_url()),
        },
    )
