"""What consulting does when allauth confirms an address (the pending SME sign-up takes effect),
and when a request is deleted outside the services (its slot is free again)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from consulting import services
from consulting.models import ConsultationRequest
from portal.errors import BusinessRuleError, InvitationNotUsable


@receiver(email_confirmed, dispatch_uid="consulting.complete_sme_signup")
def complete_sme_signup(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    try:
        services.complete_sme_signup(user=email_address.user)
    except BusinessRuleError as error:
        if request is None:
            return
        if isinstance(error, InvitationNotUsable):
            text = _(
                "Your address is confirmed, but your colleague's invitation is no longer valid. "
                "Please ask them for a new one."
            )
        else:
            text = _(
                "Your address is confirmed, but your company could not be set up: %(reason)s "
                "Please write to us."
            ) % {"reason": error.message}
        messages.warning(request, text)


@receiver(post_delete, sender=ConsultationRequest, dispatch_uid="consulting.request_deleted")
def release_the_slot_of_a_deleted_request(
    sender: Any, instance: ConsultationRequest, **kwargs: Any
) -> None:
    """A request deleted outside the services (the Django admin) lets its slot go, as a
    cancellation would: otherwise the slot stayed "booked" with nobody on it."""
    if instance.slot_id is not None:
        services.booking.release_slot(instance.slot_id, actor=None)
