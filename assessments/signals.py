"""Deletes that bypass the services (the Django admin, a cascade from the company or the
assessment) still keep the rule the services keep: a company with results has one latest."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from assessments.models import AssessmentResult


@receiver(post_delete, sender=AssessmentResult, dispatch_uid="assessments.restore_latest")
def restore_latest_after_delete(sender: Any, instance: AssessmentResult, **kwargs: Any) -> None:
    if not instance.is_latest:
        return
    from assessments.services import restore_latest_result
    from portal.tenancy import unscoped

    with unscoped("a deleted result: which company it belonged to"):
        company_id = (
            type(instance.assessment)
            .objects.filter(pk=instance.assessment_id)
            .values_list("company_id", flat=True)
            .first()
        )
    if company_id is not None:  # the whole assessment or company goes: nothing to restore
        transaction.on_commit(lambda: restore_latest_result(company_id=company_id))
