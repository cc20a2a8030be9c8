"""The certificate is rendered by a real Celery worker on Redis (not eager), as in production."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from events import services
from events.models import Registration
from portal.tenancy import unscoped
from tests.events.factories import EventFactory, scope_of, sme, staff, under_way


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
    under_way(event)  # check-in opens shortly before the workshop (#13)
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
