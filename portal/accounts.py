"""django-allauth adapter: every account e-mail goes out through the Celery worker."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from portal import mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Same rendering as allauth (request-bound, in the visitor's language); only the
        # sending moves to the worker, after the surrounding transaction has committed.
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        mail.queue_message(self.render_mail(template_prefix, email, ctx))
