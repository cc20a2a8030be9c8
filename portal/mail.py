"""Every e-mail the portal sends goes through a Celery task, queued when the transaction commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


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


def render_templated_email(
    *, template_prefix: str, to: str, context: dict[str, Any], language: str | None = None
) -> EmailMultiAlternatives:
    """Render `<prefix>_subject.txt` and `<prefix>_message.txt` in the recipient's language."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_message.txt", context)
    return EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )


def queue_templated_email(**kwargs: Any) -> None:
    """Render now (in the request's language), send from the worker after commit."""
    queue_message(render_templated_email(**kwargs))


def send_templated_email_now(**kwargs: Any) -> None:
    """For code that already runs in the worker: render and send in place."""
    render_templated_email(**kwargs).send()


def absolute_url(path: str) -> str:
    """Links in e-mails: the worker has no request, so the public base URL comes from settings."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path
