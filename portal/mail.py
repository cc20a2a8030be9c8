"""Every e-mail the portal sends: in the recipient's language, with a plain-text and an HTML part
from the same template, signed with the site's name and address, sent by a Celery task once the
surrounding transaction has committed.

How an app sends a mail (the templates are `<prefix>_subject.txt` and `<prefix>_message.txt`,
plain text with `{% autoescape off %}`; the HTML part is made from the same message)::

    from portal import mail

    mail.queue_templated_email(
        template_prefix="labs/email/trial_approved",
        to=trial.requested_by,             # a User: their language; or an address (a string)
        context={"trial": trial, "url": mail.absolute_url(trial.get_absolute_url())},
        attachments=[("trial.ics", ics_text, "text/calendar")],   # optional
    )

- The language is `language=` if given, else the recipient's preferred language
  (`User.language`; for an address, the account with that address), else the default.
- Every template sees `site` (name, owner, url, domain), `recipient` (the User or None) and
  `language`; the signature (`email/_signature.txt`) is added to both parts, so templates end
  with their last sentence.
- `queue_templated_email` renders now and sends from the worker after commit;
  `send_templated_email_now` is for code that already runs in the worker;
  `render_templated_email` returns the message (to attach more, then `queue_message`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from portal.models import User

Attachment = tuple[str, str, str]  # filename, text content, MIME type


@dataclass(frozen=True)
class Site:
    """The portal as its e-mails name it (also allauth's `current_site`)."""

    name: str
    owner: str
    url: str  # the public address, with a final slash

    @property
    def domain(self) -> str:
        return urlsplit(self.url).netloc


def site() -> Site:
    """From settings: PORTAL_SITE_NAME and PORTAL_BASE_URL (`make run` derives it from HOST and
    PORT), so links and names in every mail are the ones people actually use."""
    return Site(
        name=settings.PORTAL_SITE_NAME,
        owner=str(_("Mittelstand 4.0-Kompetenzzentrum Ilmenau")),
        url=settings.PORTAL_BASE_URL.rstrip("/") + "/",
    )


def sender_address() -> str:
    """The bare address the portal sends from (DEFAULT_FROM_EMAIL without its name), e.g. for
    the ORGANIZER of a calendar file."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def absolute_url(path: str) -> str:
    """Links in e-mails: the worker has no request, so the public base URL comes from settings."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _supported(language: str | None) -> str | None:
    """`language` (or its base: "en-gb" -> "en") if the portal speaks it, else None."""
    codes = dict(settings.LANGUAGES)
    for code in (language or "", (language or "").split("-")[0]):
        if code in codes:
            return code
    return None


def language_for(recipient: User | str | None, *, default: str | None = None) -> str:
    """The recipient's preferred language; for an address without an account, `default`."""
    from portal.models import User

    user = recipient
    if isinstance(recipient, str):
        user = User.objects.filter(email__iexact=recipient.strip()).first()
    return (
        _supported(getattr(user, "language", None)) or _supported(default) or settings.LANGUAGE_CODE
    )


def render_templated_email(
    *,
    template_prefix: str,
    to: User | str,
    context: dict[str, Any],
    language: str | None = None,
    attachments: Iterable[Attachment] = (),
) -> EmailMultiAlternatives:
    """Subject, text and HTML of `<prefix>_*.txt`, rendered in the recipient's language."""
    address = to if isinstance(to, str) else to.email
    language = _supported(language) or language_for(to)
    with translation.override(language):
        ctx = {
            "site": site(),
            "recipient": None if isinstance(to, str) else to,
            "language": language,
            "profile_url": absolute_url(reverse("profile")),
            **context,
        }
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", ctx).split())
        body = render_to_string(f"{template_prefix}_message.txt", ctx).strip()
        signature = render_to_string("email/_signature.txt", ctx).strip()
        html = render_to_string(
            "email/message.html",
            {**ctx, "subject": subject, "body": body, "signature": signature},
        )
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=f"{body}\n\n-- \n{signature}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def queue_templated_email(**kwargs: Any) -> None:
    """Render now (in the recipient's language), send from the worker after commit."""
    queue_message(render_templated_email(**kwargs))


def send_templated_email_now(**kwargs: Any) -> None:
    """For code that already runs in the worker: render and send in place."""
    render_templated_email(**kwargs).send()


# --- the hop to the worker ----------------------------------------------------------------------


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    alternatives = getattr(message, "alternatives", []) or []
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "html": next((content for content, mime in alternatives if mime == "text/html"), None),
        "attachments": [
            {"filename": name, "content": content, "mimetype": mimetype}
            for name, content, mimetype in message.attachments
            if isinstance(content, str)
        ],
    }


def payload_to_message(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload.get("from_email"),
        to=payload["to"],
        reply_to=payload.get("reply_to") or None,
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    for attachment in payload.get("attachments", []):
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def queue_message(message: EmailMessage) -> None:
    """Send `message` from the worker once the surrounding transaction has committed."""
    from portal.tasks import send_email

    send_email.delay_on_commit(message_to_payload(message))
