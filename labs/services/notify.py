"""The trial e-mails, in each recipient's language, queued to leave after commit.

The SME side is the person who asked (or, if that account is gone, the company's users); the
partner side is the lab's guides (or, while it has none, the partner's admins).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from labs.models import Trial
from portal import ics, mail
from portal.models import Membership, User
from portal.tenancy import unscoped


def sme_recipients(trial: Trial) -> list[User]:
    if trial.requested_by is not None and trial.requested_by.is_active:
        return [trial.requested_by]
    from consulting.models import CompanyMember

    with unscoped("the company's own accounts receive its trial's mails"):
        members = CompanyMember.objects.filter(company_id=trial.company_id).values("user_id")
        return list(User.objects.filter(pk__in=members, is_active=True))


def staff_recipients(trial: Trial) -> list[User]:
    guides = list(trial.lab.guides.filter(is_active=True))
    if guides:
        return guides
    admins = Membership.objects.filter(
        partner_id=trial.lab.partner_id, role=Membership.Role.PARTNER_ADMIN
    ).values("user_id")
    return list(User.objects.filter(pk__in=admins, is_active=True))


def calendar_entry(trial: Trial, *, cancelled: bool = False) -> ics.CalendarEntry:
    """The trial in a calendar: the lab's address and room as its location, the guide named."""
    lab = trial.lab
    guide = trial.guide.get_full_name() if trial.guide else ""
    description = gettext("Lab trial of %(company)s. Guide: %(guide)s") % {
        "company": trial.company.name,
        "guide": guide or "–",
    }
    return ics.CalendarEntry(
        uid=ics.uid_for("labtrial", trial.pk),
        title=gettext("Lab trial: %(lab)s") % {"lab": lab.name},
        start=trial.starts_at,
        end=trial.ends_at,
        sequence=trial.calendar_sequence,
        url=mail.absolute_url(trial.get_absolute_url()),
        description=description,
        location=lab.location,
        organizer_name=lab.partner.short_name,
        organizer_email=mail.sender_address(),
        cancelled=cancelled,
        updated=trial.updated_at,
    )


def calendar_file(trial: Trial, *, cancelled: bool = False) -> str:
    """The trial's ICS text (for a mail attachment or a download)."""
    return ics.calendar_bytes([calendar_entry(trial, cancelled=cancelled)]).decode()


def send(
    trial: Trial,
    kind: str,
    recipients: list[User],
    *,
    with_calendar: bool = False,
    cancelled: bool = False,
    extra: dict | None = None,
) -> None:
    """Queue `labs/email/<kind>` to each recipient (rendered in their language)."""
    for person in recipients:
        attachments = []
        if with_calendar:
            from django.utils import translation

            with translation.override(mail.language_for(person)):
                attachments.append(
                    ("lab-trial.ics", calendar_file(trial, cancelled=cancelled), "text/calendar")
                )
        mail.queue_templated_email(
            template_prefix=f"labs/email/{kind}",
            to=person,
            context={
                "trial": trial,
                "lab": trial.lab,
                "person": person.get_short_name() or person.email,
                "trial_url": mail.absolute_url(trial.get_absolute_url()),
                "lab_url": mail.absolute_url(trial.lab.get_absolute_url()),
                "directory_url": mail.absolute_url(reverse("labs:directory")),
                **(extra or {}),
            },
            attachments=attachments,
        )
