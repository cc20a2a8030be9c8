"""Deletes that bypass the services (the Django admin deleting a user) still keep the rule the
services keep: a seat that frees up goes to the next person on the waitlist."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="events.user_leaves")
def give_up_places_of_a_deleted_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    from events.models import Registration
    from events.services.registration import close_registration
    from portal.tenancy import unscoped

    with unscoped("a deleted user gives up their places at every partner's workshops"):
        places = list(
            Registration.objects.filter(
                user_id=instance.pk,
                status__in=Registration.CANCELLABLE_STATUSES,
                event__end__gt=timezone.now(),
            )
        )
    for registration in places:
        close_registration(registration=registration, actor=None)
