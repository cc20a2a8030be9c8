"""Beat jobs of consulting: the SME's reminder the day before its consultation, and each
staff member's daily digest of overdue follow-ups. Each is sent once: a row is claimed with a
conditional UPDATE (`... WHERE ..._at IS NULL`) and only the run that changed it sends."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from consulting.models import OPEN_REQUEST_STATES, ConsultationRequest, FollowUp
from consulting.services.notify import notify_sme
from portal import mail
from portal.models import User
from portal.tenancy import unscoped

REMINDER_LEAD = timedelta(hours=24)


def send_consultation_reminders(*, now: datetime | None = None) -> int:
    """An e-mail to the SME the day before a booked consultation, once per appointment (a moved
    appointment is reminded again: moving clears `reminder_sent_at`)."""
    now = now or timezone.now()
    sent = 0
    with unscoped("beat: consultation reminders scan every partner's appointments"):
        due = list(
            ConsultationRequest.objects.filter(
                status__in=OPEN_REQUEST_STATES,
                reminder_sent_at__isnull=True,
                scheduled_start__gt=now,
                scheduled_start__lte=now + REMINDER_LEAD,
            )
            .select_related("created_by", "partner", "consultant")
            .order_by("pk")
        )
        for request in due:
            with transaction.atomic():
                claimed = ConsultationRequest.objects.filter(
                    pk=request.pk,
                    reminder_sent_at__isnull=True,
                    scheduled_start=request.scheduled_start,
                ).update(reminder_sent_at=now)
                if claimed:
                    notify_sme(request, event="reminder")
                    sent += 1
    return sent


def send_overdue_follow_up_digests(*, now: datetime | None = None) -> int:
    """Once a day: each owner gets one e-mail naming their follow-ups that became overdue since
    the last digest (each follow-up is named once); returns the number of e-mails."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    by_owner: dict[int, list[FollowUp]] = defaultdict(list)
    with unscoped("beat: overdue follow-ups of every partner"):
        overdue = (
            FollowUp.objects.filter(
                done_at__isnull=True, overdue_notified_at__isnull=True, due_date__lt=today
            )
            .select_related("session__company", "session__partner")
            .order_by("due_date", "pk")
        )
        for follow_up in overdue:
            by_owner[follow_up.owner_id].append(follow_up)
        owners = User.objects.in_bulk(list(by_owner))
        sent = 0
        for owner_id, items in by_owner.items():
            owner = owners[owner_id]
            with transaction.atomic():
                claimed = FollowUp.objects.filter(
                    pk__in=[f.pk for f in items], overdue_notified_at__isnull=True
                ).update(overdue_notified_at=now)
                if not claimed or not owner.is_active:
                    continue
                mail.queue_templated_email(
                    template_prefix="consulting/email/overdue_digest",
                    to=owner,
                    context={
                        "follow_ups": items,
                        "url": mail.absolute_url(reverse("dashboard")),
                    },
                )
                sent += 1
    return sent
