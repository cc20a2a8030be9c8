"""Rendering a requested document (a PDF) exactly once: claim, render, store, mail once.

Used by the assessment reports and the quarterly reports. A document model subclasses
RenderedDocument and adds its `file`. The rules (design §6):
- the claim is a conditional UPDATE, so two workers never render the same row; a render that
  has been "rendering" for longer than STALE_RENDER_AFTER (its worker died) may be taken over;
- the slow rendering runs outside any transaction;
- the file and READY are stored in one short transaction, and the "ready" e-mail is queued at
  most once, guarded by `notified_at`; a failure keeps its error text on the row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.mail import queue_templated_email

logger = logging.getLogger(__name__)

STALE_RENDER_AFTER = timedelta(minutes=15)


class RenderedDocument(models.Model):
    """What render_document needs of a document row; each subclass adds its `file` and owner."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class DocumentJob:
    model: type[models.Model]
    render: Callable[[Any], bytes]  # the row -> PDF bytes (runs in the row's language)
    filename: Callable[[Any], str]
    audit_action: str  # "<app>.<model>"; ".rendered" / ".failed" are appended
    ready_mail: Callable[[Any], tuple[str, dict[str, Any]]]  # row -> (template prefix, context)
    select_related: tuple[str, ...] = ()


def claim(model: type[models.Model], pk: int) -> bool:
    """pending (or a lost render) -> rendering; False when another worker has it or it is done."""
    now = timezone.now()
    status = model.Status
    with transaction.atomic():
        claimed = model.objects.filter(pk=pk, status=status.PENDING).update(
            status=status.RENDERING, claimed_at=now
        ) or model.objects.filter(
            pk=pk, status=status.RENDERING, claimed_at__lt=now - STALE_RENDER_AFTER
        ).update(claimed_at=now)
    return bool(claimed)


def render_document(job: DocumentJob, pk: int) -> Any:
    model = job.model
    if not claim(model, pk):
        return model.objects.get(pk=pk)
    row = model.objects.select_related(*job.select_related, "requested_by").get(pk=pk)
    try:
        with translation.override(row.language):
            content = job.render(row)
    except Exception as error:
        logger.exception("%s %s failed", job.audit_action, pk)
        with transaction.atomic():
            model.objects.filter(pk=pk).update(
                status=model.Status.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000],
                finished_at=timezone.now(),
            )
            audit.record(actor=None, action=f"{job.audit_action}.failed", target=row)
        return model.objects.get(pk=pk)
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=pk)
        row.file.save(job.filename(row), ContentFile(content), save=False)
        row.status = model.Status.READY
        row.error = ""
        row.finished_at = timezone.now()
        row.save(update_fields=["file", "status", "error", "finished_at"])
        audit.record(actor=None, action=f"{job.audit_action}.rendered", target=row)
        recipient = row.requested_by
        if recipient is not None and model.objects.filter(pk=pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        ):
            template_prefix, context = job.ready_mail(row)
            queue_templated_email(
                template_prefix=template_prefix,
                to=recipient.email,
                language=row.language,
                context=context,
            )
    return row
