"""Rendering a requested document (a PDF) exactly once: claim, render, store, mail once.

Used by the assessment reports and the quarterly reports. A document model subclasses
RenderedDocument and adds its `file`. The rules (design §6):
- the claim is a conditional UPDATE that records the Celery task id holding it, so two tasks
  never render the same row. The same task id may take its own claim over: Celery redelivers a
  message whose worker process was killed (acks_late + reject_on_worker_lost), and that copy
  must not wait STALE_RENDER_AFTER for a claim nobody is working on. Any other task may take a
  claim over only once it is stale (its worker died and the message was lost);
- the slow rendering runs outside any transaction;
- the file and READY are stored in one short transaction under the row lock. Should two renders
  of one request race (a redelivered copy beside a still-running original), the first to store
  wins: the later one finds READY, keeps the first file, writes no second file and queues no
  second mail. A failure keeps its error text on the row;
- the "ready" e-mail is handed to the broker after the store, and `notified_at` is set only
  once the broker took it (`notify_ready`), so it is neither lost nor sent twice in practice;
- rows left pending (the broker was down when the request committed), stuck rendering, or
  ready without their mail are re-sent by a beat job of each app through `resend_stuck`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import current_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.mail import message_to_payload, render_templated_email
from portal.tenancy import unscoped

logger = logging.getLogger(__name__)

STALE_RENDER_AFTER = timedelta(minutes=15)
# A pending row older than this was probably never enqueued (the broker was down at commit).
PENDING_GRACE = timedelta(minutes=2)


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
    # The Celery task id of the render that holds the claim ("" when rendered outside a task).
    claimed_by = models.CharField(max_length=255, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_busy(self) -> bool:
        """Asked for and not finished yet: the page shows progress instead of a button."""
        return self.status in {self.Status.PENDING, self.Status.RENDERING}

    def queue_again(self, actor: Any) -> None:
        """Put a new or failed request (back) in the queue for `actor`: the one place that says
        which fields a fresh request resets, so a retried document is never half old."""
        self.status = self.Status.PENDING
        self.error = ""
        self.requested_by = actor
        self.requested_at = timezone.now()
        self.claimed_at = None
        self.notified_at = None
        self.full_clean()
        self.save()


@dataclass(frozen=True)
class DocumentJob:
    model: Any  # a document model: Status choices, a scoped `objects`, file fields
    render: Callable[[Any], bytes]  # the row -> PDF bytes (runs in the row's language)
    filename: Callable[[Any], str]
    audit_action: str  # "<app>.<model>"; ".rendered" / ".failed" are appended
    ready_mail: Callable[[Any], tuple[str, dict[str, Any]]]  # row -> (template prefix, context)
    select_related: tuple[str, ...] = ()


def _current_task_id() -> str:
    """The id of the Celery task running this code (kept on redelivery), or "" outside a task."""
    request = getattr(current_task, "request", None)
    return str(getattr(request, "id", None) or "")


def claim(model: Any, pk: int, task_id: str = "") -> bool:
    """pending -> rendering, held by `task_id`. False when another task holds it or it is done.

    A render of the same task id takes its own claim over (the message was redelivered after
    its worker process died); another task only a stale one. Without a task id there is no
    redelivery to recognise, so only the stale rule applies.
    """
    now = timezone.now()
    status = model.Status
    rendering = model.objects.filter(pk=pk, status=status.RENDERING)
    taken_over = Q(claimed_at__lt=now - STALE_RENDER_AFTER)
    if task_id:
        taken_over |= Q(claimed_by=task_id)
    with transaction.atomic():
        claimed = model.objects.filter(pk=pk, status=status.PENDING).update(
            status=status.RENDERING, claimed_at=now, claimed_by=task_id
        ) or rendering.filter(taken_over).update(claimed_at=now, claimed_by=task_id)
    return bool(claimed)


def render_document(job: DocumentJob, pk: int) -> Any:
    model = job.model
    if not claim(model, pk, _current_task_id()):
        # Done already (or another task has it); a ready row whose mail never reached the
        # broker is sent now, which is how the sweeper's re-sent task retries it.
        notify_ready(job, pk)
        return model.objects.get(pk=pk)
    row = model.objects.select_related(*job.select_related, "requested_by").get(pk=pk)
    try:
        with translation.override(row.language):
            content = job.render(row)
    except Exception as error:
        logger.exception("%s %s failed", job.audit_action, pk)
        with transaction.atomic():
            # A racing render of the same request may have stored its file meanwhile: keep it.
            failed = (
                model.objects.filter(pk=pk)
                .exclude(status=model.Status.READY)
                .update(
                    status=model.Status.FAILED,
                    error=f"{type(error).__name__}: {error}"[:2000],
                    finished_at=timezone.now(),
                )
            )
            if failed:
                audit.record(actor=None, action=f"{job.audit_action}.failed", target=row)
        return model.objects.get(pk=pk)
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=pk)
        if row.status == model.Status.READY:
            # The first render to store wins; a second file would be an orphan and its "ready"
            # mail a duplicate.
            return row
        row.file.save(job.filename(row), ContentFile(content), save=False)
        row.status = model.Status.READY
        row.error = ""
        row.finished_at = timezone.now()
        row.save(update_fields=["file", "status", "error", "finished_at"])
        audit.record(actor=None, action=f"{job.audit_action}.rendered", target=row)
    notify_ready(job, pk)
    return row


def notify_ready(job: DocumentJob, pk: int) -> bool:
    """Hand the "ready" e-mail to the broker once; True if it was handed over now.

    `notified_at` is set in the same transaction that hands the message over, and the hand-over
    is not deferred to the commit: if the broker is unreachable, the error rolls the mark back
    and the beat sweeper (`resend_stuck`) tries again. A mail is thus sent at least once; twice
    only if the commit fails right after the broker took the message.
    """
    from portal.tasks import send_email

    model = job.model
    with transaction.atomic():
        row = (
            model.objects.select_for_update(of=("self",))
            .select_related(*job.select_related, "requested_by")
            .filter(pk=pk, status=model.Status.READY, notified_at__isnull=True)
            .first()
        )
        if row is None or row.requested_by is None:
            return False
        template_prefix, context = job.ready_mail(row)
        message = render_templated_email(
            template_prefix=template_prefix,
            to=row.requested_by,  # in their language for e-mails (the PDF keeps row.language)
            context=context,
        )
        try:
            send_email.delay(message_to_payload(message))
        except Exception:
            logger.warning("%s %s: ready mail not queued; the sweeper retries", model, pk)
            transaction.set_rollback(True)
            return False
        model.objects.filter(pk=pk).update(notified_at=timezone.now())
    return True


def resend_stuck(model: Any, task: Any, *, id_arg: str = "report_id") -> int:
    """Beat job body: re-enqueue `task` for rows left pending or stuck rendering; returns how many.

    Pending past PENDING_GRACE: the broker was probably down when the request committed (the
    task's `delay_on_commit` logged and dropped the message). Rendering past STALE_RENDER_AFTER:
    the worker died and the message was lost. Ready but never notified: the broker was down
    when the "ready" mail was handed over (the re-sent task only mails). A row that is in fact
    still queued gets a second message; the claim lets only one of the two render it.
    """
    now = timezone.now()
    status = model.Status
    label = model._meta.label
    with unscoped(f"beat: re-send {label} renders that never started or were lost"):
        ids = list(
            model.objects.filter(
                Q(status=status.PENDING, requested_at__lt=now - PENDING_GRACE)
                | Q(status=status.RENDERING, claimed_at__lt=now - STALE_RENDER_AFTER)
                | Q(
                    status=status.READY,
                    notified_at__isnull=True,
                    requested_by__isnull=False,
                    finished_at__lt=now - PENDING_GRACE,
                )
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for pk in ids:
        task.delay(**{id_arg: pk})
    if ids:
        logger.warning("re-sent %d stuck %s render(s): %s", len(ids), label, ids)
    return len(ids)
