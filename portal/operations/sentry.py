"""Error reports to a Sentry-compatible service (Sentry, GlitchTip ...); off without SENTRY_DSN.

No personal data is sent by default (`send_default_pii=False`: no user, cookies, or client
address), request bodies are left out, and each event carries the request id, so an error in
the tracker can be found in the JSON logs and the other way round.
"""

from __future__ import annotations

from typing import Any


def _with_request_id(event: Any, hint: dict[str, Any]) -> Any:
    from portal.operations.observability import current_request_id

    event.setdefault("tags", {})["request_id"] = current_request_id()
    return event


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=_with_request_id,
    )
