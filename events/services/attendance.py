"""On the day and after: check-in, certificates of attendance, feedback."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events import errors, permissions
from events.models import Registration
from events.pagecache import calendar_changed
from events.services.common import full_clean_or_refuse, mail_participant
from events.services.registration import REGISTRATION_LIFECYCLE
from portal import audit, mail
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import User
from portal.tenancy import unscoped

logger = logging.getLogger(__name__)


CERTIFICATE_CLAIM_TIMEOUT = timedelta(minutes=10)
CERTIFICATE_REQUEUE_AFTER = timedelta(minutes=5)


def check_in(*, registration: Registration, actor: User) -> Registration:
    """The organiser marks a confirmed participant as present (idempotent), from
    EVENTS_CHECK_IN_HOURS_BEFORE hours before the start until the end (the life cycle's
    "check_in" move); a registration is checked in once."""
    if not permissions.can_run_event(actor, registration.event):
        raise PermissionRefused()
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if locked.status not in (Registration.Status.CONFIRMED, Registration.Status.ATTENDED):
            raise errors.NotCheckedInable()
        reason = REGISTRATION_LIFECYCLE.refusal(locked, "check_in")
        if reason:
            raise errors.WrongEventState(reason)
        if locked.status == Registration.Status.ATTENDED:
            return locked  # checked in once: the first time stays
        REGISTRATION_LIFECYCLE.transition(
            locked,
            "check_in",
            actor=actor,
            changes={"checked_in_at": timezone.now()},
            clean_exclude=["event", "user", "company"],
        )
        # Seats count confirmed and attended alike, so the figures stay; forgotten anyway so
        # that the pages never depend on that detail of the counting.
        calendar_changed()
    return locked


def undo_check_in(*, registration: Registration, actor: User) -> Registration:
    """Take back a check-in made by mistake (not once a certificate exists)."""
    if not permissions.can_run_event(actor, registration.event):
        raise PermissionRefused()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        REGISTRATION_LIFECYCLE.check(locked, "undo_check_in")
        if locked.status == Registration.Status.CONFIRMED:
            return locked  # not checked in (any more): nothing to take back
        REGISTRATION_LIFECYCLE.transition(
            locked,
            "undo_check_in",
            actor=actor,
            changes={"checked_in_at": None},
            clean_exclude=["event", "user", "company"],
        )
        calendar_changed()
    return locked


def issue_certificate(*, registration: Registration, actor: User) -> Registration:
    """The attendee asks for their certificate of attendance; a worker renders it.

    Idempotent: a ready or pending certificate is left as it is; a failed one is tried again.
    """
    if actor.pk != registration.user_id:
        raise PermissionRefused()
    from events import tasks

    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if locked.status != Registration.Status.ATTENDED:
            raise errors.CertificateNotAvailable()
        if locked.event.start > timezone.now():
            raise errors.CertificateNotAvailable(
                _("The certificate is available once the workshop has taken place.")
            )
        if locked.certificate_status in (
            Registration.CertificateStatus.NONE,
            Registration.CertificateStatus.FAILED,
        ):
            locked.certificate_status = Registration.CertificateStatus.PENDING
            locked.certificate_error = ""
            locked.certificate_claimed_at = timezone.now()
            locked.save(
                update_fields=["certificate_status", "certificate_error", "certificate_claimed_at"]
            )
            audit.record(actor=actor, action="events.certificate.requested", target=locked)
            tasks.render_certificate.delay_on_commit(registration_id=locked.pk)
    return locked


def render_certificate(*, registration_id: int) -> Registration | None:
    """Worker: render the PDF of a pending certificate (runs in the organiser's scope).

    (1) claim the row with a conditional UPDATE (pending, or a render that died long ago);
    (2) render outside any transaction; (3) store the file and mark it ready or failed.
    A second run finds nothing to claim and does nothing.
    """
    from portal.pdf import render_pdf

    now = timezone.now()
    stale = now - CERTIFICATE_CLAIM_TIMEOUT
    claimed = (
        Registration.objects.filter(pk=registration_id, status=Registration.Status.ATTENDED)
        .filter(
            Q(certificate_status=Registration.CertificateStatus.PENDING)
            | Q(
                certificate_status=Registration.CertificateStatus.RENDERING,
                certificate_claimed_at__lt=stale,
            )
        )
        .update(
            certificate_status=Registration.CertificateStatus.RENDERING,
            certificate_claimed_at=now,
        )
    )
    registration = (
        Registration.objects.select_related("event", "event__organizer", "user")
        .filter(pk=registration_id)
        .first()
    )
    if not claimed or registration is None:
        return registration
    try:
        # In the participant's language, like every mail to them.
        with translation.override(mail.language_for(registration.user)):
            pdf = render_pdf(
                "events/pdf/certificate.html",
                {
                    "registration": registration,
                    "event": registration.event,
                    "participant": registration.user.get_full_name() or registration.user.email,
                    # the day of the workshop attended, not the day the PDF was made
                    "issued_on": timezone.localdate(registration.event.start),
                },
            )
    except Exception as error:  # a bug or a broken template: keep the error for the organiser
        logger.exception("certificate %s failed", registration_id)
        Registration.objects.filter(pk=registration_id).update(
            certificate_status=Registration.CertificateStatus.FAILED,
            certificate_error=f"{type(error).__name__}: {error}"[:2000],
        )
        registration.refresh_from_db()
        return registration
    with transaction.atomic():
        registration.certificate_file.save(
            f"certificate-{registration.pk}.pdf", ContentFile(pdf), save=False
        )
        Registration.objects.filter(pk=registration_id).update(
            certificate_status=Registration.CertificateStatus.READY,
            certificate_file=registration.certificate_file.name,
            certificate_error="",
        )
        audit.record(actor=None, action="events.certificate.issued", target=registration)
        mail_participant(registration, "certificate_ready", event=registration.event)
    registration.refresh_from_db()
    return registration


def requeue_stuck_certificates(*, now: datetime | None = None) -> int:
    """Beat job: queue again certificates still pending after a while (the broker may have
    been down when the request committed). Rendering claims the row, so a duplicate is harmless.
    """
    from events import tasks

    now = now or timezone.now()
    with unscoped("beat: find certificates whose render was never queued"):
        stuck = list(
            Registration.objects.filter(
                certificate_status=Registration.CertificateStatus.PENDING,
                certificate_claimed_at__lt=now - CERTIFICATE_REQUEUE_AFTER,
            ).values_list("pk", flat=True)
        )
    for registration_id in stuck:
        tasks.render_certificate.delay(registration_id=registration_id)
    return len(stuck)


def submit_feedback(
    *, registration: Registration, actor: User, rating: int, comment: str = ""
) -> Registration:
    """An attendee rates the workshop 1-5 with an optional comment (may change it later)."""
    if actor.pk != registration.user_id:
        raise PermissionRefused()
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise BusinessRuleError(_("Please choose a rating from 1 to 5."))
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if locked.status != Registration.Status.ATTENDED:
            raise errors.FeedbackNotPossible(
                _("Feedback can be given by people who attended the workshop.")
            )
        locked.feedback_rating = rating
        locked.feedback_comment = (comment or "").strip()[:2000]
        locked.feedback_at = timezone.now()
        full_clean_or_refuse(locked, validate_constraints=False)
        locked.save(update_fields=["feedback_rating", "feedback_comment", "feedback_at"])
        audit.record(
            actor=actor,
            action="events.registration.feedback_given",
            target=locked,
            data={"rating": rating},
        )
    return locked
