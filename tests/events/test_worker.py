"""The certificate is rendered by a real Celery worker on Redis (not eager), as in production."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from events import services
from events.models import Registration
from portal.celery import app as celery_app
from portal.tenancy import unscoped
from tests.events.factories import EventFactory, scope_of, sme, staff


@pytest.fixture
def real_worker(redis_url):
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = redis_url
    celery_app.conf.task_always_eager = False
    celery_app._pool = None  # connections are pooled per broker URL
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.broker_url = previous
        celery_app._pool = None


def _status(registration) -> str:
    with unscoped("test assertions"):
        return Registration.objects.get(pk=registration.pk).certificate_status


@pytest.mark.django_db(transaction=True)
def test_worker_renders_the_certificate_and_mails_the_attendee(real_worker):
    event = EventFactory()
    person = sme()
    with scope_of(person):
        registration = services.register_for_event(event=event, user=person)
    organiser = staff(event)
    with scope_of(organiser):
        services.check_in(registration=registration, actor=organiser)
    mail.outbox.clear()
    with scope_of(person):
        services.issue_certificate(registration=registration, actor=person)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        _status(registration) != Registration.CertificateStatus.READY
        or not any("certificate" in m.subject for m in mail.outbox)
    ):
        time.sleep(0.2)
    assert _status(registration) == Registration.CertificateStatus.READY
    assert [m.to for m in mail.outbox if "certificate" in m.subject] == [[person.email]]
