"""E-mail goes out through a real Celery worker on Redis (not eager), as in production."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from portal import services
from portal.celery import app as celery_app
from portal.models import Membership, StaffInvitation
from portal.tenancy import partner_scope, unscoped
from tests.factories import MembershipFactory


@pytest.fixture
def real_worker(redis_url):
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = redis_url
    celery_app.conf.task_always_eager = False
    celery_app._pool = None  # connections are pooled per broker URL
    # No ping check: it needs a result backend, and task status lives in our own tables.
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.broker_url = previous
        celery_app._pool = None


def _wait_for_mail(count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_staff_invitation_is_mailed_by_the_worker_inside_the_partners_scope(real_worker):
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    with partner_scope(admin.partner):  # as the request of the partner admin would be
        invitation = services.invite_staff(
            actor=admin.user, partner=admin.partner, email="neu@partner.example", role="consultant"
        )
    _wait_for_mail(1)
    assert [m.to for m in mail.outbox] == [["neu@partner.example"]]
    assert invitation.token in mail.outbox[0].body
    with unscoped("test assertions"):
        assert StaffInvitation.objects.get(pk=invitation.pk).sent_at is not None
